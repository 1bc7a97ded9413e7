using DIH4S.EndToEnd.Tests.Infrastructure;

namespace DIH4S.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LabTests(DeskBrowser browser)
{
    [SkippableFact]
    public async Task ALabManagersApprovalShowsOnTheRequestersBookingsPageLive()
    {
        browser.Require();
        var hub = await Hub.SetUpAsync(browser.Api);
        var manager = await browser.Api.NewMemberAsync(hub.Coordinator, hub.PartnerA, $"ioana-{hub.Tag}@utcn.test", "Ioana Marin", "lab-manager");
        var lab = await hub.Coordinator.PostAsync("api/labs", new { name = $"UTCN Fabrication Lab {hub.Tag}", partnerId = hub.PartnerA, managerIds = new[] { manager.UserId } });
        var printer = await manager.PostAsync($"api/labs/{lab.GetProperty("id").GetString()}/equipment", new { name = "Industrial 3D printer" });
        var approvals = await browser.SignInAsync(manager);
        var bookings = await browser.SignInAsync(hub.Requester);
        await bookings.GotoAsync("bookings");

        var day = DateTimeOffset.UtcNow.Date.AddDays(3);
        var booking = await hub.Requester.PostAsync("api/bookings", new
        {
            equipmentId = printer.GetProperty("id").GetString(),
            start = new DateTimeOffset(day.AddHours(8), TimeSpan.Zero),
            end = new DateTimeOffset(day.AddHours(10), TimeSpan.Zero),
            purpose = "Moulds for a new loaf.",
        });
        var id = booking.GetProperty("id").GetString();

        // Both pages were open before the booking existed: it arrives live on each.
        await Expect(bookings.Locator($"[data-testid=booking-{id}] [data-testid=state]")).ToHaveAttributeAsync("data-state", "pending");
        await Expect(approvals.Locator($"[data-testid=approve-{id}]")).ToBeVisibleAsync();

        await approvals.Locator($"[data-testid=approve-{id}]").ClickAsync();

        await Expect(bookings.Locator($"[data-testid=booking-{id}] [data-testid=state]")).ToHaveAttributeAsync("data-state", "approved");
        await Expect(approvals.Locator($"[data-testid=approval-queue] [data-testid=approve-{id}]")).ToHaveCountAsync(0);
    }
}
