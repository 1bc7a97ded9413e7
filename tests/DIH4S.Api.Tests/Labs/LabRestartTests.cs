using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Labs;

namespace DIH4S.Api.Tests.Labs;

/// <summary>Stops the host and starts a new one on the same SQLite file: calendars, bookings and their timers survive.</summary>
public sealed class LabRestartTests : OwnNodeTests
{
    [Fact]
    public async Task ASlotBookedBeforeARestartIsStillRefusedAfterItAndTheNoShowTimerStillFires()
    {
        string equipment, held, watched, requesterEmail, managerEmail, feed;
        DateTimeOffset start;
        await using (var before = new DeskFactory(DatabasePath, Clock))
        {
            var scene = await LabScene.SetUpAsync(before);
            (requesterEmail, managerEmail) = (scene.Requester.Email, scene.Manager.Email);
            equipment = await scene.EquipmentAsync(bufferMinutes: 10);
            // The watched booking starts soon, so the whole test stays within the tokens' 30 minutes of desk time.
            start = Clock.GetUtcNow().AddMinutes(5);
            watched = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));
            held = await LabScene.BookOkAsync(scene.Requester, equipment, start.AddHours(2), start.AddHours(3));
            await scene.Manager.PostOkAsync($"/api/bookings/{watched}/approve");
            await scene.Manager.PostOkAsync($"/api/equipment/{equipment}/blackouts",
                new { start = start.AddHours(5), end = start.AddHours(6), reason = "Service" });
            feed = (await scene.Requester.GetOkAsync($"/api/equipment/{equipment}/calendar-feed")).GetProperty("url").GetString()!;
        }

        await using var after = new DeskFactory(DatabasePath, Clock);
        var requester = await DeskClient.LoginAsync(after, requesterEmail, Cast.Password);
        var manager = await DeskClient.LoginAsync(after, managerEmail, Cast.Password);

        var (refused, problem) = await LabScene.BookAsync(requester, equipment, start.AddMinutes(185), start.AddMinutes(220));
        var (blackedOut, _) = await LabScene.BookAsync(requester, equipment, start.AddHours(5).AddMinutes(30), start.AddHours(7));
        var calendar = await requester.GetOkAsync(BookingCalendarTests.CalendarPath(equipment, start, start.AddHours(6)));
        var list = await manager.GetOkAsync("/api/bookings?state=pending");
        using var subscribed = await after.CreateClient().GetAsync(feed);

        refused.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString()!.ShouldContain(held);
        blackedOut.ShouldBe(HttpStatusCode.Conflict);
        calendar.EnumerateArray().Select(s => s.GetProperty("kind").GetString()).ShouldBe(["booking", "booking", "blackout"]);
        list.GetProperty("items")[0].GetProperty("id").GetString().ShouldBe(held);
        subscribed.StatusCode.ShouldBe(HttpStatusCode.OK, "a calendar subscribed before the restart still opens after it");

        // The no-show reminder was armed before the restart; passing the grace now marks the booking.
        await using var live = await requester.ConnectAsync();
        Clock.SetUtcNow(start.AddMinutes(16));
        var noShow = await live.WaitForAsync<BookingView>("BookingChanged", b => b.Id == watched && b.State == BookingState.NoShow);
        noShow.Version.ShouldBe(3);
    }
}
