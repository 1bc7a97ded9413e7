using System.Net;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests.Labs;

[Collection(DeskCollection.Name)]
public sealed class BookingCalendarTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task FiftyConcurrentRequestsForOneSlotLeaveExactlyOneBooking()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var start = LabScene.At(_node, 2, 10);
        using var gate = new SemaphoreSlim(0);

        var attempts = Enumerable.Range(0, 50).Select(async i =>
        {
            await gate.WaitAsync();
            // Every request overlaps every other: same start, lengths of 30 to 79 minutes.
            return await LabScene.BookAsync(scene.Requester, equipment, start, start.AddMinutes(30 + i));
        }).ToList();
        gate.Release(50);
        var results = await Task.WhenAll(attempts);

        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(1);
        results.Count(r => r.Status == HttpStatusCode.Conflict).ShouldBe(49);
        var winner = results.Single(r => r.Status == HttpStatusCode.Created).Body.GetProperty("id").GetString();
        var calendar = await scene.Requester.GetOkAsync(CalendarPath(equipment, start.AddHours(-1), start.AddHours(3)));
        calendar.GetArrayLength().ShouldBe(1);
        calendar[0].GetProperty("bookingId").GetString().ShouldBe(winner);
        (await scene.Coordinator.GetOkAsync("/api/bookings?pageSize=100")).GetProperty("items").EnumerateArray()
            .Count(b => b.GetProperty("equipmentId").GetString() == equipment).ShouldBe(1);
    }

    [Fact]
    public async Task ExactlyTheBufferApartIsAllowedAndOneMinuteLessIsRefusedOnBothSides()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync(bufferMinutes: 30);
        var start = LabScene.At(_node, 2, 10);
        await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));

        var afterTooSoon = await LabScene.BookAsync(scene.Requester, equipment, start.AddMinutes(89), start.AddMinutes(120));
        var beforeTooLate = await LabScene.BookAsync(scene.Requester, equipment, start.AddMinutes(-60), start.AddMinutes(-29));
        var after = await LabScene.BookAsync(scene.Requester, equipment, start.AddMinutes(90), start.AddMinutes(120));
        var before = await LabScene.BookAsync(scene.Requester, equipment, start.AddMinutes(-60), start.AddMinutes(-30));

        afterTooSoon.Status.ShouldBe(HttpStatusCode.Conflict);
        beforeTooLate.Status.ShouldBe(HttpStatusCode.Conflict);
        after.Status.ShouldBe(HttpStatusCode.Created);
        before.Status.ShouldBe(HttpStatusCode.Created);
        afterTooSoon.Body.GetProperty("detail").GetString()!.ShouldContain("30 minutes");
    }

    [Fact]
    public async Task WithoutABufferABookingMayTouchAnotherButNotOverlapIt()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var start = LabScene.At(_node, 2, 10);
        await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));

        var overlapping = await LabScene.BookAsync(scene.Requester, equipment, start.AddMinutes(59), start.AddHours(2));
        var touching = await LabScene.BookAsync(scene.Requester, equipment, start.AddHours(1), start.AddHours(2));

        overlapping.Status.ShouldBe(HttpStatusCode.Conflict);
        touching.Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ABookingTouchingABlackoutIsAllowedAndOneOverlappingItIsRefusedNamingTheBlackout()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var start = LabScene.At(_node, 3, 12);
        await scene.Manager.PostOkAsync($"/api/equipment/{equipment}/blackouts",
            new { start, end = start.AddHours(2), reason = "Annual calibration" });

        var overlapping = await LabScene.BookAsync(scene.Requester, equipment, start.AddHours(1).AddMinutes(59), start.AddHours(3));
        var touchingAfter = await LabScene.BookAsync(scene.Requester, equipment, start.AddHours(2), start.AddHours(3));
        var touchingBefore = await LabScene.BookAsync(scene.Requester, equipment, start.AddHours(-1), start);

        overlapping.Status.ShouldBe(HttpStatusCode.Conflict);
        overlapping.Body.GetProperty("detail").GetString().ShouldBe(
            $"It collides with a blackout from {Iso(start)} to {Iso(start.AddHours(2))}.");
        touchingAfter.Status.ShouldBe(HttpStatusCode.Created);
        touchingBefore.Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ABlackoutOverlappingAHoldingBookingIsRefusedUntilTheBookingIsCancelled()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync(bufferMinutes: 15);
        var start = LabScene.At(_node, 3, 9);
        var booking = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(2));
        var blackout = new { start = start.AddHours(2).AddMinutes(14), end = start.AddHours(5), reason = "Vacuum pump service" };

        var (refused, problem) = await scene.Manager.PostAsync($"/api/equipment/{equipment}/blackouts", blackout);
        await scene.Requester.PostOkAsync($"/api/bookings/{booking}/cancel", new { reason = "Samples not ready." });
        var (accepted, created) = await scene.Manager.PostAsync($"/api/equipment/{equipment}/blackouts", blackout);

        refused.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString()!.ShouldContain($"booking {booking} from {Iso(start)} to {Iso(start.AddHours(2))}");
        accepted.ShouldBe(HttpStatusCode.Created);
        created.GetProperty("id").GetString()!.ShouldStartWith("blk_");
    }

    [Fact]
    public async Task RejectedAndCancelledBookingsReleaseTheirSlot()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var start = LabScene.At(_node, 2, 14);
        var rejected = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));
        await scene.Manager.PostOkAsync($"/api/bookings/{rejected}/reject", new { reason = "Not suitable for wet samples." });
        var approved = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));
        await scene.Manager.PostOkAsync($"/api/bookings/{approved}/approve");

        (await LabScene.BookAsync(scene.Requester, equipment, start, start.AddHours(1))).Status.ShouldBe(HttpStatusCode.Conflict);
        await scene.Requester.PostOkAsync($"/api/bookings/{approved}/cancel", new { reason = "Plans changed." });
        await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));
    }

    [Fact]
    public async Task TheConflictNamesTheBookingOnlyToThoseWhoMaySeeIt()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var other = await scene.OtherCustomerAsync();
        var start = LabScene.At(_node, 4, 8);
        var booking = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));

        var stranger = await LabScene.BookAsync(other, equipment, start, start.AddHours(1));
        var own = await LabScene.BookAsync(scene.Requester, equipment, start, start.AddHours(1));
        var strangersView = await other.GetOkAsync(CalendarPath(equipment, start, start.AddHours(1)));

        stranger.Status.ShouldBe(HttpStatusCode.Conflict);
        stranger.Body.GetProperty("detail").GetString().ShouldBe($"It collides with an existing booking from {Iso(start)} to {Iso(start.AddHours(1))}.");
        stranger.Body.ToString().ShouldNotContain(booking);
        own.Body.GetProperty("detail").GetString()!.ShouldContain(booking);
        strangersView[0].GetProperty("kind").GetString().ShouldBe("booking");
        strangersView[0].GetProperty("state").GetString().ShouldBe("pending");
        strangersView[0].GetProperty("bookingId").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task MinimumNoticeAndMaximumLengthAreValidationErrorsAndTheirLimitsAreAllowed()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync(minNoticeHours: 48, maxHours: 4);
        var earliest = _node.Clock.GetUtcNow().AddHours(48);

        var tooSoon = await LabScene.BookAsync(scene.Requester, equipment, earliest.AddMinutes(-1), earliest.AddHours(1));
        var tooLong = await LabScene.BookAsync(scene.Requester, equipment, earliest.AddDays(1), earliest.AddDays(1).AddHours(4).AddMinutes(1));
        var longest = await LabScene.BookAsync(scene.Requester, equipment, earliest.AddDays(1), earliest.AddDays(1).AddHours(4));
        var soonest = await LabScene.BookAsync(scene.Requester, equipment, earliest, earliest.AddHours(1));

        tooSoon.Status.ShouldBe(HttpStatusCode.BadRequest);
        tooSoon.Body.GetProperty("errors").TryGetProperty("start", out _).ShouldBeTrue();
        tooLong.Status.ShouldBe(HttpStatusCode.BadRequest);
        tooLong.Body.GetProperty("errors").GetProperty("end")[0].GetString()!.ShouldContain("at most 4 hours");
        longest.Status.ShouldBe(HttpStatusCode.Created);
        soonest.Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task MalformedBookingsAreValidationErrorsAndHoldNothing()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var start = LabScene.At(_node, 2, 10);

        var noOffset = await scene.Requester.PostAsync("/api/bookings",
            new { equipmentId = equipment, start = "2030-01-10T10:00:00", end = "2030-01-10T11:00:00", purpose = "x" });
        var reversed = await LabScene.BookAsync(scene.Requester, equipment, start.AddHours(1), start);
        var noPurpose = await LabScene.BookAsync(scene.Requester, equipment, start, start.AddHours(1), purpose: " ");
        var unknown = await LabScene.BookAsync(scene.Requester, "eqp_unknown", start, start.AddHours(1));
        var (badJson, _) = await SendRawAsync(scene.Requester, "{\"equipmentId\": 5,");
        var endOfTime = await scene.Requester.PostAsync("/api/bookings",
            new { equipmentId = equipment, start = "9999-12-31T23:00:00Z", end = "9999-12-31T23:59:59Z", purpose = "x" });
        var (endOfTimeCalendar, _) = await scene.Requester.GetAsync($"/api/equipment/{equipment}/calendar?from=9999-12-31T23:00:00Z");

        noOffset.Status.ShouldBe(HttpStatusCode.BadRequest);
        noOffset.Body.GetProperty("errors").TryGetProperty("start", out _).ShouldBeTrue();
        reversed.Status.ShouldBe(HttpStatusCode.BadRequest);
        reversed.Body.GetProperty("errors").TryGetProperty("end", out _).ShouldBeTrue();
        noPurpose.Status.ShouldBe(HttpStatusCode.BadRequest);
        noPurpose.Body.GetProperty("errors").TryGetProperty("purpose", out _).ShouldBeTrue();
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Body.GetProperty("errors").TryGetProperty("equipmentId", out _).ShouldBeTrue();
        badJson.ShouldBe(HttpStatusCode.BadRequest);
        endOfTime.Status.ShouldBe(HttpStatusCode.BadRequest);
        endOfTimeCalendar.ShouldBe(HttpStatusCode.BadRequest);
        (await scene.Requester.GetOkAsync(CalendarPath(equipment, start.AddDays(-3), start.AddDays(3)))).GetArrayLength().ShouldBe(0);
        (await scene.Requester.GetOkAsync("/api/bookings")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task TheCalendarShowsHoldingIntervalsOverlappingTheRangeInOrder()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var day = LabScene.At(_node, 5, 0);
        var late = await LabScene.BookOkAsync(scene.Requester, equipment, day.AddHours(15), day.AddHours(16));
        var early = await LabScene.BookOkAsync(scene.Requester, equipment, day.AddHours(9), day.AddHours(10));
        var rejected = await LabScene.BookOkAsync(scene.Requester, equipment, day.AddHours(11), day.AddHours(12));
        await scene.Manager.PostOkAsync($"/api/bookings/{early}/approve");
        await scene.Manager.PostOkAsync($"/api/bookings/{rejected}/reject", new { reason = "Maintenance overrun." });
        await scene.Manager.PostOkAsync($"/api/equipment/{equipment}/blackouts", new { start = day.AddHours(12), end = day.AddHours(13), reason = "Cleaning" });
        await LabScene.BookOkAsync(scene.Requester, equipment, day.AddDays(1).AddHours(9), day.AddDays(1).AddHours(10));

        var calendar = await scene.Requester.GetOkAsync(CalendarPath(equipment, day.AddHours(9).AddMinutes(30), day.AddHours(15).AddMinutes(1)));
        var (badRange, problem) = await scene.Requester.GetAsync(CalendarPath(equipment, day, day.AddDays(367)));
        var (unknown, _) = await scene.Requester.GetAsync(CalendarPath("eqp_unknown", day, day.AddDays(1)));

        calendar.EnumerateArray().Select(s => (s.GetProperty("kind").GetString(), s.GetProperty("start").GetDateTimeOffset()))
            .ShouldBe([("booking", day.AddHours(9)), ("blackout", day.AddHours(12)), ("booking", day.AddHours(15))]);
        calendar[0].GetProperty("state").GetString().ShouldBe("approved");
        calendar[0].GetProperty("bookingId").GetString().ShouldBe(early);
        calendar[2].GetProperty("bookingId").GetString().ShouldBe(late);
        calendar[1].GetProperty("state").ValueKind.ShouldBe(JsonValueKind.Null);
        badRange.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("to", out _).ShouldBeTrue();
        unknown.ShouldBe(HttpStatusCode.NotFound);
    }

    public static string CalendarPath(string equipmentId, DateTimeOffset from, DateTimeOffset to) =>
        $"/api/equipment/{equipmentId}/calendar?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}";

    public static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(HttpStatusCode Status, string Body)> SendRawAsync(DeskClient who, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await who.Http.PostAsync("/api/bookings", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
