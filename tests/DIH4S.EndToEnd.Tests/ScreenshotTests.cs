using DIH4S.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DIH4S.EndToEnd.Tests;

/// <summary>Each role's landing page, at desktop and phone width, with some work on it (README's pictures).</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(DeskBrowser browser)
{
    [SkippableFact]
    public async Task EachRoleLandsOnItsOwnWorkAtDesktopAndPhoneWidth()
    {
        browser.Require();
        var hub = await Hub.SetUpAsync(browser.Api);
        var open = await hub.SubmitAsync("Audit our web shop");
        var escalated = await hub.SubmitAsync("Penetration test of the booking portal");
        await hub.StaffA.PostAsync($"api/requests/{escalated}/decline", new { reason = "No capacity this month." });
        await hub.StaffB.PostAsync($"api/requests/{escalated}/decline", new { reason = "Outside our expertise." });
        var taken = await hub.SubmitAsync("Cloud migration readiness");
        await hub.StaffA.PostAsync($"api/requests/{taken}/accept", new { });

        var manager = await browser.Api.NewMemberAsync(hub.Coordinator, hub.PartnerA, $"ioana-{hub.Tag}@utcn.test", "Ioana Marin", "lab-manager");
        var lab = await hub.Coordinator.PostAsync("api/labs", new { name = "UTCN Fabrication Lab", partnerId = hub.PartnerA, managerIds = new[] { manager.UserId } });
        var printer = await manager.PostAsync($"api/labs/{lab.GetProperty("id").GetString()}/equipment", new { name = "Industrial 3D printer", bufferMinutes = 30 });
        var day = DateTimeOffset.UtcNow.Date.AddDays(3);
        var booking = await hub.Requester.PostAsync("api/bookings", new
        {
            equipmentId = printer.GetProperty("id").GetString(),
            start = new DateTimeOffset(day.AddHours(8), TimeSpan.Zero),
            end = new DateTimeOffset(day.AddHours(10), TimeSpan.Zero),
            purpose = "Moulds for a new loaf.",
        });

        var trainer = await browser.Api.NewMemberAsync(hub.Coordinator, hub.PartnerA, $"mihai-{hub.Tag}@utcn.test", "Mihai Pop", "trainer");
        var start = new DateTimeOffset(day.AddDays(2).AddHours(7), TimeSpan.Zero);
        var training = await trainer.PostAsync("api/trainings", new { title = "Safe use of the 3D printer", start, end = start.AddHours(3), capacity = 12, location = "UTCN, room 40" });

        (Person Who, string Name, string Landing, string Ready)[] roles =
        [
            (hub.Requester, "requester", "/requests", $"[data-testid=request-{open}]"),
            (hub.StaffB, "partner", "/offers", $"[data-testid=offer-{open}]"),
            (manager, "lab-manager", "/labs/approvals", $"[data-testid=booking-{booking.GetProperty("id").GetString()}]"),
            (trainer, "trainer", "/trainings/mine", $"[data-testid=free-seats-{training.GetProperty("id").GetString()}]"),
            (hub.Coordinator, "coordinator", "/requests/escalated", $"[data-testid=request-{escalated}]"),
        ];
        foreach (var (who, name, landing, ready) in roles)
        {
            foreach (var (width, height, form) in new[] { (1280, 800, "desktop"), (390, 844, "phone") })
            {
                var page = await browser.SignInAsync(who, width: width, height: height);
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{landing}$"));
                await Expect(page.Locator(ready).First).ToBeVisibleAsync();
                await DeskBrowser.ScreenshotAsync(page, $"{name}-{form}");
                await page.Context.CloseAsync();
            }
        }
    }

    [SkippableFact]
    public async Task APhoneWidthPageDoesNotScrollSideways()
    {
        browser.Require();
        var hub = await Hub.SetUpAsync(browser.Api);
        var id = await hub.SubmitAsync("Audit our web shop, phone edition");
        var page = await browser.SignInAsync(hub.Requester, width: 390, height: 844);
        await page.GotoAsync($"requests/{id}");
        await Expect(page.Locator("[data-testid=request-page]")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        overflow.ShouldBeLessThanOrEqualTo(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Menu" })).ToBeVisibleAsync();
    }
}
