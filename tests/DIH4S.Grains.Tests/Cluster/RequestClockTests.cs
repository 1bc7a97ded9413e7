using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Requests;
using DIH4S.Grains.Domain;
using DIH4S.Grains.Lists;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Grains.Tests.Cluster;

/// <summary>The business clocks of a request, driven by the fixture's fake clock and 1-second reminders.</summary>
[Collection(DeskClusterCollection.Name)]
public sealed class RequestClockTests(DeskClusterFixture desk)
{
    private static readonly BusinessCalendar Calendar = new(new BusinessHoursOptions());

    [Fact]
    public async Task ResolutionClockCountsOnlyBusinessHoursSpentWorking()
    {
        var partner = People.NewOrganization();
        var requester = People.RequesterOf(People.NewOrganization());
        var staff = People.StaffOf(partner);
        desk.MoveToNext(DayOfWeek.Tuesday, new TimeOnly(10, 0));
        var (grain, submitted) = await desk.Client.SubmitNewAsync(requester, [partner]);
        submitted.Sla.ShouldBeNull();

        var accepted = (await grain.ActAsync(staff, new AcceptRequest())).ShouldSucceed();
        accepted.Sla.ShouldBe(new SlaView(80, 80, true, Calendar.Add(desk.Time.GetUtcNow(), TimeSpan.FromHours(80))));
        (await grain.ActAsync(staff, new StartRequest())).ShouldSucceed();

        desk.Time.Advance(TimeSpan.FromHours(3)); // Tuesday 13:00: three business hours of work
        var waiting = (await grain.ActAsync(staff, new WaitOnCustomer("May we read the MES database?"))).ShouldSucceed();
        waiting.Sla.ShouldBe(new SlaView(80, 77, false, null));

        desk.Time.Advance(TimeSpan.FromHours(20)); // Wednesday 09:00: four more business hours pass, paused
        var resumed = (await grain.ActAsync(requester, new ResumeRequest("Yes, read-only."))).ShouldSucceed();
        resumed.Sla.ShouldBe(new SlaView(80, 77, true, Calendar.Add(desk.Time.GetUtcNow(), TimeSpan.FromHours(77))));

        desk.Time.Advance(TimeSpan.FromHours(2.5)); // Wednesday 11:30
        var delivered = (await grain.ActAsync(staff, new DeliverRequest("Report attached."))).ShouldSucceed();
        delivered.Sla.ShouldBe(new SlaView(80, 74.5, false, null));
    }

    [Fact]
    public async Task OpenRequestEscalatesOnceItsAcceptanceDeadlinePasses()
    {
        var requester = People.RequesterOf(People.NewOrganization());
        var submittedAt = desk.MoveToNext(DayOfWeek.Monday, new TimeOnly(10, 0));
        var mondayInBucharest = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(submittedAt, DeskClusterFixture.Bucharest).DateTime);
        await using var live = await LiveProbe.RegisterAsync(desk.Client);
        var (grain, submitted) = await desk.Client.SubmitNewAsync(requester, [People.NewOrganization(), People.NewOrganization()]);
        var escalated = live.NextAsync(c => c.Request.Id == submitted.Id && c.Request.State == RequestState.Escalated);

        // Sixteen business hours from Monday 10:00 end on Wednesday 10:00.
        submitted.AcceptDeadline.ShouldBe(DeskClusterFixture.AtLocal(mondayInBucharest.AddDays(2), new TimeOnly(10, 0)));
        escalated.IsCompleted.ShouldBeFalse();
        desk.Time.SetUtcNow(submitted.AcceptDeadline!.Value.AddMinutes(1));

        var change = await escalated;
        change.Request.Version.ShouldBe(2);
        change.Request.PartnerId.ShouldBeNull();
        var history = (await grain.GetHistoryAsync(requester)).ShouldSucceed().Items;
        history.Count.ShouldBe(2);
        var last = history[1];
        last.Action.ShouldBe("escalated");
        last.ActorId.ShouldBe(Actor.System.UserId);
        last.FromState.ShouldBe(RequestState.Open);
        last.ToState.ShouldBe(RequestState.Escalated);
        last.At.ShouldBe(submitted.AcceptDeadline.Value.AddMinutes(1));
        (await grain.GetAsync(requester)).ShouldSucceed().State.ShouldBe(RequestState.Escalated);
    }

    [Fact]
    public async Task DeliveredRequestClosesItselfWithoutARatingAfterTheAutoClosePeriod()
    {
        var partner = People.NewOrganization();
        var requester = People.RequesterOf(People.NewOrganization());
        var staff = People.StaffOf(partner);
        await using var live = await LiveProbe.RegisterAsync(desk.Client);
        var (grain, submitted) = await desk.Client.SubmitNewAsync(requester, [partner]);
        (await grain.ActAsync(staff, new AcceptRequest())).ShouldSucceed();
        (await grain.ActAsync(staff, new StartRequest())).ShouldSucceed();
        var deliveredAt = desk.Time.GetUtcNow();
        var delivered = (await grain.ActAsync(staff, new DeliverRequest("Done."))).ShouldSucceed();
        var closed = live.NextAsync(c => c.Request.Id == submitted.Id && c.Request.State == RequestState.Closed);

        delivered.AutoCloseAt.ShouldBe(deliveredAt.AddDays(14));
        closed.IsCompleted.ShouldBeFalse();
        desk.Time.SetUtcNow(deliveredAt.AddDays(14).AddMinutes(1));

        var change = await closed;
        change.Request.Version.ShouldBe(delivered.Version + 1);
        change.Request.Rating.ShouldBeNull();
        change.Request.AutoCloseAt.ShouldBeNull();
        var view = (await grain.GetAsync(requester)).ShouldSucceed();
        view.State.ShouldBe(RequestState.Closed);
        view.Rating.ShouldBeNull();
        var last = (await grain.GetHistoryAsync(requester)).ShouldSucceed().Items[^1];
        last.ShouldBe(new HistoryEntry(
            delivered.Version + 1, deliveredAt.AddDays(14).AddMinutes(1), Actor.System.UserId, "auto-closed",
            RequestState.Delivered, RequestState.Closed, last.Note));
    }

    [Fact]
    public async Task ARequestKeepsItsNextDeadlineAsAListRowAndNoReminderOfItsOwn()
    {
        // A million open requests must not be a million reminders (ADR 0005): the sweep finds them by their rows.
        var partner = People.NewOrganization();
        var requester = People.RequesterOf(People.NewOrganization());
        var staff = People.StaffOf(partner);
        var (grain, submitted) = await desk.Client.SubmitNewAsync(requester, [partner]);
        var acceptBy = submitted.AcceptDeadline!.Value;

        (await RemindersOf(grain)).ShouldBeEmpty();
        (await desk.Lists.DueAsync(ListKeys.Requests, acceptBy, 10_000)).ShouldContain(submitted.Id);
        (await desk.Lists.DueAsync(ListKeys.Requests, acceptBy.AddTicks(-1), 10_000)).ShouldNotContain(submitted.Id);

        (await grain.ActAsync(staff, new AcceptRequest())).ShouldSucceed();
        (await desk.Lists.DueAsync(ListKeys.Requests, DateTimeOffset.MaxValue, 10_000)).ShouldNotContain(submitted.Id);
        (await grain.ActAsync(staff, new StartRequest())).ShouldSucceed();
        var delivered = (await grain.ActAsync(staff, new DeliverRequest("Done."))).ShouldSucceed();

        (await desk.Lists.DueAsync(ListKeys.Requests, delivered.AutoCloseAt!.Value, 10_000)).ShouldContain(submitted.Id);
        (await RemindersOf(grain)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AReminderARequestArmedBeforeTheSweepActsOnceDueAndThenGoes()
    {
        // Requests stored by an earlier version of the desk hold a reminder of their own.
        var requester = People.RequesterOf(People.NewOrganization());
        var (grain, submitted) = await desk.Client.SubmitNewAsync(requester, [People.NewOrganization()]);
        await Reminders.UpsertRow(new ReminderEntry
        {
            GrainId = grain.GetGrainId(),
            ReminderName = "request-timers",
            StartAt = DateTime.UtcNow.AddHours(1),
            Period = TimeSpan.FromHours(1),
        });
        var remindable = grain.AsReference<IRemindable>();

        await remindable.ReceiveReminder("request-timers", default);
        (await grain.GetAsync(requester)).ShouldSucceed().State.ShouldBe(RequestState.Open);
        (await RemindersOf(grain)).ShouldHaveSingleItem(); // a deadline is still pending

        desk.Time.SetUtcNow(submitted.AcceptDeadline!.Value.AddMinutes(1));
        await remindable.ReceiveReminder("request-timers", default);

        var escalated = (await grain.GetAsync(requester)).ShouldSucceed();
        escalated.State.ShouldBe(RequestState.Escalated);
        escalated.Version.ShouldBe(2); // once, whether the reminder or the sweep got there first
        (await RemindersOf(grain)).ShouldBeEmpty();
    }

    /// <summary>The cluster's reminders as stored (the registry answers only inside a grain).</summary>
    private IReminderTable Reminders => desk.Cluster.GetSiloServiceProvider(desk.Cluster.Silos[0].SiloAddress).GetRequiredService<IReminderTable>();

    private async Task<List<ReminderEntry>> RemindersOf(IServiceRequestGrain grain) => [.. (await Reminders.ReadRows(grain.GetGrainId())).Reminders];
}
