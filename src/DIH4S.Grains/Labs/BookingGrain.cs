using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Labs;
using DIH4S.Contracts.Live;
using DIH4S.Grains.Domain;
using DIH4S.Grains.Lists;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains.Labs;

/// <summary>
/// One lab booking. Created by its equipment once the slot is held; every later change writes the
/// state, reports it to the equipment's calendar (which releases the slot on a final state), records
/// it in the lists (ADR 0017) and publishes the new view. While approved, a durable reminder watches the no-show deadline.
/// </summary>
public sealed partial class BookingGrain(
    [PersistentState("booking", DeskStorage.Name)] IPersistentState<BookingGrainState> store,
    DeskClock clock,
    IDeskLists lists,
    IOptions<BookingOptions> options,
    IOptions<ReminderOptions> reminders,
    ILogger<BookingGrain> logger) : Grain, IBookingGrain, IRemindable
{
    private const string TimerReminder = "booking-timers";
    private readonly BookingOptions _options = options.Value;
    private readonly ListRecorder _recorder = new(lists, logger);

    private BookingGrainState S => store.State;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>The reminder period: the configured check interval, never below what the silo accepts.</summary>
    private TimeSpan CheckInterval => CheckIntervals.Of(_options.TimerCheckInterval, reminders.Value);

    public async Task<Outcome<BookingView>> CreateAsync(Actor booker, NewBooking booking)
    {
        ArgumentNullException.ThrowIfNull(booker);
        ArgumentNullException.ThrowIfNull(booking);
        if (S.Exists)
        {
            return DeskProblem.Conflict("A booking with this id already exists.");
        }

        var now = clock.UtcNow;
        S.Exists = true;
        S.EquipmentId = booking.EquipmentId;
        S.LabId = booking.LabId;
        S.ManagerIds = [.. booking.ManagerIds];
        S.Start = booking.Start;
        S.End = booking.End;
        S.Purpose = booking.Purpose;
        S.BookerId = booker.UserId;
        S.OrganizationId = booker.OrganizationId;
        S.CreatedAt = now;
        Record(booker, "booked", null, BookingState.Pending, null, now);

        // The equipment is waiting on this call and already holds the slot as version 1: reporting back would deadlock.
        await CommitAsync(reportToEquipment: false);
        return View();
    }

    public Task<Outcome<BookingView>> GetAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Task.FromResult<Outcome<BookingView>>(Visible(actor) ? View() : DeskProblem.NotFound("Booking"));
    }

    public async Task<Outcome<BookingView>> ActAsync(Actor actor, BookingCommand command)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(command);
        if (!S.Exists)
        {
            return DeskProblem.NotFound("Booking");
        }

        var decision = BookingRules.Decide(S, actor, command);
        if (decision.Problem is { } problem)
        {
            return problem;
        }

        var transition = decision.Value!;
        Record(actor, command.Action, S.State, transition.To, transition.Note, clock.UtcNow);
        await CommitAsync(reportToEquipment: true);
        return View();
    }

    public Task<Outcome<IReadOnlyList<BookingHistoryEntry>>> GetHistoryAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Task.FromResult(Visible(actor)
            ? Outcome.Ok<IReadOnlyList<BookingHistoryEntry>>([.. S.History])
            : DeskProblem.NotFound("Booking"));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TimerReminder || !S.Exists)
        {
            return;
        }

        if (BookingRules.IsNoShow(S, clock.UtcNow))
        {
            Record(Actor.System, "no-show", S.State, BookingState.NoShow,
                $"Nobody checked in within {_options.NoShowGraceMinutes:0.##} minutes of the start.", clock.UtcNow);
            await CommitAsync(reportToEquipment: true);
        }
        else if (S.SlotSyncPending)
        {
            await ReportToEquipmentAsync();
        }
        else if (S.NoShowAt is null)
        {
            await DisarmTimerAsync();
        }
    }

    private bool Visible(Actor actor) => S.Exists && BookingRules.CanSee(S, actor);

    /// <summary>Applies one change: the version, the history entry and the no-show deadline.</summary>
    private void Record(Actor actor, string action, BookingState? from, BookingState to, string? note, DateTimeOffset now)
    {
        S.Version++;
        S.State = to;
        S.UpdatedAt = now;
        S.History.Add(new BookingHistoryEntry(S.Version, now, actor.UserId, action, from, to, note));
        S.NoShowAt = to == BookingState.Approved ? S.Start + _options.NoShowGrace : null;
        if (to is BookingState.Rejected or BookingState.Cancelled)
        {
            S.Reason = note;
        }
    }

    private async Task CommitAsync(bool reportToEquipment)
    {
        await SyncTimerAsync();
        await store.WriteStateAsync();
        var view = View();
        if (reportToEquipment)
        {
            await ReportToEquipmentAsync();
        }

        await _recorder.RecordAsync(this, Listing);
        await PublishAsync(view);
    }

    /// <summary>
    /// Tells the equipment's calendar the new state (a final state releases the slot). On failure the slot
    /// stays held (never double-booked) and the timer retries until the report gets through.
    /// </summary>
    private async Task ReportToEquipmentAsync()
    {
        var slot = new BookingSlot(Id, S.OrganizationId, S.Start, S.End, S.State, S.Version, S.UpdatedAt);
        try
        {
            await GrainFactory.GetGrain<IEquipmentGrain>(S.EquipmentId).TrackAsync(slot);
            if (S.SlotSyncPending)
            {
                S.SlotSyncPending = false;
                await SyncTimerAsync();
                await store.WriteStateAsync();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReportFailed(logger, ex, Id, S.Version);
            S.SlotSyncPending = true;
            await SyncTimerAsync();
            await store.WriteStateAsync();
        }
    }

    private async Task SyncTimerAsync()
    {
        var period = CheckInterval;
        TimeSpan dueTime;
        if (S.NoShowAt is { } deadline)
        {
            var untilDue = deadline - clock.UtcNow;
            dueTime = untilDue <= TimeSpan.Zero ? TimeSpan.Zero : untilDue < period ? untilDue : period;
        }
        else if (S.SlotSyncPending)
        {
            dueTime = period;
        }
        else
        {
            await DisarmTimerAsync(writeState: false);
            return;
        }

        await this.RegisterOrUpdateReminder(TimerReminder, dueTime, period);
        S.TimerArmed = true;
    }

    private async Task DisarmTimerAsync(bool writeState = true)
    {
        if (!S.TimerArmed)
        {
            return;
        }

        if (await this.GetReminder(TimerReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        S.TimerArmed = false;
        if (writeState)
        {
            await store.WriteStateAsync();
        }
    }

    /// <summary>
    /// The booking as the lists hold it: for coordinators, the booker's organization, the booker (the
    /// pending-bookings cap counts those) and the lab's managers. Its history stays in its state: a
    /// booking's lifecycle has no loops, so it holds at most a handful of entries.
    /// </summary>
    private ListRecord Listing() => new(
        ListKeys.Bookings,
        Id,
        S.Version,
        BookingRules.Kebab(S.State),
        S.CreatedAt,
        [ListKeys.All, ListKeys.Organization(S.OrganizationId), ListKeys.Lab(S.LabId), ListKeys.Person(S.BookerId)],
        ListJson.Write(View()),
        []);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Catch-up: a change whose recording failed, or was cut short by a crash, is recorded now.
        if (S.Exists)
        {
            await _recorder.CatchUpAsync(this, Listing);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    private async Task PublishAsync(BookingView view)
    {
        var audience = S.ManagerIds.Select(Audiences.User)
            .Prepend(Audiences.Organization(S.OrganizationId))
            .Append(Audiences.Coordinators)
            .ToList();
        try
        {
            await GrainFactory.GetGrain<ILiveHubGrain>(0).PublishAsync(new BookingChanged(view, audience));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Live delivery is best effort: clients re-read over REST when they see a version gap.
            LogPublishFailed(logger, ex, Id, view.Version);
        }
    }

    private BookingView View() => new(
        Id, S.EquipmentId, S.LabId, S.Start, S.End, S.Purpose, S.State, S.Version, S.BookerId, S.OrganizationId,
        S.CreatedAt, S.UpdatedAt, S.NoShowAt, S.Reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reporting version {Version} of booking {BookingId} to its equipment failed; the timer retries")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string bookingId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing version {Version} of booking {BookingId} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string bookingId, int version);
}
