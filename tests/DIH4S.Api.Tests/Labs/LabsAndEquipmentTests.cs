using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Trainings;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Api.Tests.Labs;

[Collection(DeskCollection.Name)]
public sealed class LabsAndEquipmentTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task ALabsManagersMustBeLabManagersOfItsPartner()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var staff = await Cast.NewMemberAsync(_node, scene.Coordinator, scene.PartnerId, $"staff-{Guid.NewGuid():N}@lab.test", "partner-staff");
        var (_, otherPartnersManager) = await scene.OtherLabAsync();

        var (customerAsPartner, notPartner) = await scene.Coordinator.PostAsync("/api/labs",
            new { name = "Wet lab", partnerId = scene.CustomerId, managerIds = new[] { scene.Manager.UserId } });
        var (notManagers, wrongPeople) = await scene.Coordinator.PostAsync("/api/labs",
            new { name = "Wet lab", partnerId = scene.PartnerId, managerIds = new[] { staff.UserId, otherPartnersManager.UserId, "usr_nobody" } });
        var (noManagers, _) = await scene.Coordinator.PostAsync("/api/labs", new { name = "Wet lab", partnerId = scene.PartnerId, managerIds = Array.Empty<string>() });
        var (byManager, _) = await scene.Manager.PostAsync("/api/labs",
            new { name = "Wet lab", partnerId = scene.PartnerId, managerIds = new[] { scene.Manager.UserId } });

        customerAsPartner.ShouldBe(HttpStatusCode.BadRequest);
        notPartner.GetProperty("errors").TryGetProperty("partnerId", out _).ShouldBeTrue();
        notManagers.ShouldBe(HttpStatusCode.BadRequest);
        wrongPeople.GetProperty("errors").GetProperty("managerIds").GetArrayLength().ShouldBe(3);
        noManagers.ShouldBe(HttpStatusCode.BadRequest);
        byManager.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task EveryoneSignedInListsLabsAndTheirEquipmentWithDefaultRules()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.Manager.PostOkAsync($"/api/labs/{scene.LabId}/equipment", new { name = "3D printer" });
        var id = equipment.GetProperty("id").GetString()!;

        var labs = await scene.Requester.GetOkAsync("/api/labs?pageSize=100");
        var lab = await scene.Requester.GetOkAsync($"/api/labs/{scene.LabId}");
        var listed = await scene.Requester.GetOkAsync($"/api/labs/{scene.LabId}/equipment");
        var read = await scene.Requester.GetOkAsync($"/api/equipment/{id}");
        var (unknownLab, _) = await scene.Requester.GetAsync("/api/labs/lab_unknown");

        id.ShouldStartWith("eqp_");
        labs.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ShouldContain(scene.LabId);
        lab.GetProperty("partnerId").GetString().ShouldBe(scene.PartnerId);
        lab.GetProperty("managerIds")[0].GetString().ShouldBe(scene.Manager.UserId);
        listed.GetProperty("total").GetInt32().ShouldBe(1);
        read.GetProperty("labId").GetString().ShouldBe(scene.LabId);
        read.GetProperty("bufferMinutes").GetInt32().ShouldBe(0);
        read.GetProperty("minNoticeHours").GetInt32().ShouldBe(0);
        read.GetProperty("maxHours").GetInt32().ShouldBe(24);
        unknownLab.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OnlyTheLabsManagersAndCoordinatorsAddEquipmentAndBlackouts()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var (_, otherManager) = await scene.OtherLabAsync();
        var equipment = await scene.EquipmentAsync();
        var start = LabScene.At(_node, 3, 9);
        var blackout = new { start, end = start.AddHours(1), reason = "Service" };

        var (byRequester, _) = await scene.Requester.PostAsync($"/api/labs/{scene.LabId}/equipment", new { name = "Lathe" });
        var (byOtherManager, _) = await otherManager.PostAsync($"/api/labs/{scene.LabId}/equipment", new { name = "Lathe" });
        var (byCoordinator, _) = await scene.Coordinator.PostAsync($"/api/labs/{scene.LabId}/equipment", new { name = "Lathe" });
        var (toUnknownLab, _) = await scene.Coordinator.PostAsync("/api/labs/lab_unknown/equipment", new { name = "Lathe" });
        var (badRules, problem) = await scene.Manager.PostAsync($"/api/labs/{scene.LabId}/equipment", new { name = "Lathe", bufferMinutes = -1, maxHours = 0 });
        var (blackoutByRequester, _) = await scene.Requester.PostAsync($"/api/equipment/{equipment}/blackouts", blackout);
        var (blackoutByOtherManager, _) = await otherManager.PostAsync($"/api/equipment/{equipment}/blackouts", blackout);
        var (blackoutByCoordinator, _) = await scene.Coordinator.PostAsync($"/api/equipment/{equipment}/blackouts", blackout);

        byRequester.ShouldBe(HttpStatusCode.Forbidden);
        byOtherManager.ShouldBe(HttpStatusCode.Forbidden);
        byCoordinator.ShouldBe(HttpStatusCode.Created);
        toUnknownLab.ShouldBe(HttpStatusCode.NotFound);
        badRules.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("bufferMinutes", out _).ShouldBeTrue();
        problem.GetProperty("errors").TryGetProperty("maxHours", out _).ShouldBeTrue();
        blackoutByRequester.ShouldBe(HttpStatusCode.Forbidden);
        blackoutByOtherManager.ShouldBe(HttpStatusCode.Forbidden);
        blackoutByCoordinator.ShouldBe(HttpStatusCode.Created);
        (await scene.Requester.GetOkAsync($"/api/labs/{scene.LabId}/equipment")).GetProperty("total").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task EquipmentRequiringATrainingIsRefusedUntilTheBookerCompletedIt()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var trainingStart = _node.Clock.GetUtcNow().AddDays(1);
        var training = await scene.Coordinator.PostOkAsync("/api/trainings",
            new { title = "Microscope safety", start = trainingStart, end = trainingStart.AddHours(2), capacity = 10 });
        var trainingId = training.GetProperty("id").GetString()!;
        var equipment = await scene.EquipmentAsync(requiredTrainingId: trainingId);
        var start = LabScene.At(_node, 2, 9);

        var (before, problem) = await LabScene.BookAsync(scene.Requester, equipment, start, start.AddHours(1));
        var transcripts = _node.Services.GetRequiredService<IGrainFactory>();
        await transcripts.GetGrain<ITrainingTranscriptGrain>(scene.Requester.UserId).RecordAttendanceAsync(trainingId, attended: true);
        var (after, _) = await LabScene.BookAsync(scene.Requester, equipment, start, start.AddHours(1));

        before.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("title").GetString().ShouldBe("This equipment requires a completed training.");
        problem.GetProperty("detail").GetString()!.ShouldContain(trainingId);
        after.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task TheICalendarFeedHasOneEventPerApprovedCheckedInOrCompletedBookingAndPerBlackoutWithoutPurposesOrReasons()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = (await scene.Manager.PostOkAsync($"/api/labs/{scene.LabId}/equipment",
            new { name = "Resin printer", description = "Keep the lid closed; call Ion on 0722 000 000." })).GetProperty("id").GetString()!;
        var day = LabScene.At(_node, 7, 0);
        var approved = await LabScene.BookOkAsync(scene.Requester, equipment, day.AddHours(9), day.AddHours(10));
        var completed = await LabScene.BookOkAsync(scene.Requester, equipment, day.AddHours(10), day.AddHours(11));
        await LabScene.BookOkAsync(scene.Requester, equipment, day.AddHours(13), day.AddHours(14));
        var cancelled = await LabScene.BookOkAsync(scene.Requester, equipment, day.AddHours(14), day.AddHours(15));
        await scene.Manager.PostOkAsync($"/api/bookings/{approved}/approve");
        await scene.Manager.PostOkAsync($"/api/bookings/{completed}/approve");
        await scene.Manager.PostOkAsync($"/api/bookings/{completed}/check-in");
        await scene.Manager.PostOkAsync($"/api/bookings/{completed}/complete");
        await scene.Manager.PostOkAsync($"/api/bookings/{cancelled}/approve");
        await scene.Requester.PostOkAsync($"/api/bookings/{cancelled}/cancel", new { reason = "No longer needed." });
        var blackout = await scene.Manager.PostOkAsync($"/api/equipment/{equipment}/blackouts",
            new { start = day.AddHours(16), end = day.AddHours(18), reason = "Filament change" });
        var other = await scene.OtherCustomerAsync();

        using var response = await other.Http.GetAsync($"/api/equipment/{equipment}/calendar.ics");
        var text = await response.Content.ReadAsStringAsync();
        var again = await other.Http.GetStringAsync($"/api/equipment/{equipment}/calendar.ics");
        var calendar = Calendar.Load(text)!;

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var events = calendar.Events.OrderBy(e => e.Start!.AsUtc).ToList();
        events.Select(e => e.Uid).ShouldBe([
            $"{approved}@dih4s-desk", $"{completed}@dih4s-desk", $"{blackout.GetProperty("id").GetString()}@dih4s-desk"]);
        events.Select(e => new DateTimeOffset(e.Start!.AsUtc)).ShouldBe([day.AddHours(9), day.AddHours(10), day.AddHours(16)]);
        events.Select(e => new DateTimeOffset(e.End!.AsUtc)).ShouldBe([day.AddHours(10), day.AddHours(11), day.AddHours(18)]);
        events.Select(e => e.Summary).ShouldBe(["Booked", "Booked", "Unavailable"]);
        text.ShouldNotContain("Imaging of sample batch 7");
        text.ShouldNotContain("No longer needed.");
        text.ShouldNotContain("Filament change");
        text.ShouldNotContain("call Ion");
        events.ShouldAllBe(e => e.Description == null && e.Location == null && e.Comments.Count == 0);
        Calendar.Load(again)!.Events.Select(e => e.Uid).Order().ShouldBe(events.Select(e => e.Uid).Order());
    }

    [Fact]
    public async Task ACalendarApplicationOpensTheFeedWithItsLinkAloneAndNothingElseOpensItWithoutSigningIn()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var other = await scene.EquipmentAsync();
        var day = LabScene.At(_node, 7, 0);
        var booking = await LabScene.BookOkAsync(scene.Requester, equipment, day.AddHours(9), day.AddHours(10));
        await scene.Manager.PostOkAsync($"/api/bookings/{booking}/approve");
        var link = await scene.Requester.GetOkAsync($"/api/equipment/{equipment}/calendar-feed");
        var otherKey = (await scene.Requester.GetOkAsync($"/api/equipment/{other}/calendar-feed")).GetProperty("key").GetString()!;
        using var anonymous = _node.CreateClient();

        var url = link.GetProperty("url").GetString()!;
        using var subscribed = await anonymous.GetAsync(url);
        var text = await subscribed.Content.ReadAsStringAsync();
        using var withoutKey = await anonymous.GetAsync($"/api/equipment/{equipment}/calendar.ics");
        using var otherEquipmentsKey = await anonymous.GetAsync($"/api/equipment/{equipment}/calendar.ics?key={Uri.EscapeDataString(otherKey)}");
        using var madeUpKey = await anonymous.GetAsync($"/api/equipment/{equipment}/calendar.ics?key=CfDJ8notakey");
        var (unknown, _) = await scene.Requester.GetAsync("/api/equipment/eqp_nothing/calendar-feed");

        subscribed.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        subscribed.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        Calendar.Load(text)!.Events.Select(e => e.Uid).ShouldBe([$"{booking}@dih4s-desk"]);
        url.ShouldStartWith($"/api/equipment/{equipment}/calendar.ics?key=");
        foreach (var refused in new[] { withoutKey, otherEquipmentsKey, madeUpKey })
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        unknown.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EquipmentCannotRequireATrainingThatDoesNotExist()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var before = (await scene.Manager.GetOkAsync($"/api/labs/{scene.LabId}/equipment")).GetProperty("total").GetInt32();

        var (status, problem) = await scene.Manager.PostAsync($"/api/labs/{scene.LabId}/equipment",
            new { name = "Confocal microscope", requiredTrainingId = "trn_nothing" });

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("requiredTrainingId", out _).ShouldBeTrue();
        (await scene.Manager.GetOkAsync($"/api/labs/{scene.LabId}/equipment")).GetProperty("total").GetInt32().ShouldBe(before);
    }
}
