using System.Text.RegularExpressions;
using DIH4S.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DIH4S.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public sealed class RequestTests(DeskBrowser browser)
{
    [SkippableFact]
    public async Task ARequestGoesFromSubmittedToClosedWithEveryWindowFollowingLive()
    {
        browser.Require();
        var hub = await Hub.SetUpAsync(browser.Api);
        var requester = await browser.SignInAsync(hub.Requester);
        var partner = await browser.SignInAsync(hub.StaffA);
        var coordinator = await browser.SignInAsync(hub.Coordinator);
        await coordinator.GotoAsync("requests");

        // The requester submits from the catalogue and lands on the request's page.
        await requester.GotoAsync("catalogue");
        await requester.Locator($"[data-testid=request-service-{hub.ServiceCode}]").ClickAsync();
        await requester.Locator("#request-title").FillAsync($"Audit our web shop {hub.Tag}");
        await requester.Locator("#request-description").FillAsync("Card payments went live last month.");
        await requester.Locator("[data-testid=submit-request]").ClickAsync();
        await Expect(requester).ToHaveURLAsync(new Regex("/requests/req_[0-9a-f]+$"));
        var id = requester.Url[(requester.Url.LastIndexOf('/') + 1)..];
        await ExpectState(requester, "open");

        // The partner's inbox, open since sign-in, shows the offer without a reload; so does the coordinator's list.
        await Expect(partner.Locator($"[data-testid=offer-{id}]")).ToContainTextAsync($"Audit our web shop {hub.Tag}");
        await Expect(coordinator.Locator($"[data-testid=request-{id}] [data-testid=state]")).ToHaveAttributeAsync("data-state", "open");

        await partner.Locator($"[data-testid=accept-{id}]").ClickAsync();
        await Expect(partner).ToHaveURLAsync(new Regex($"/requests/{id}$"));
        await ExpectState(requester, "accepted");
        await Expect(coordinator.Locator($"[data-testid=request-{id}] [data-testid=state]")).ToHaveAttributeAsync("data-state", "accepted");

        await partner.Locator("[data-testid=action-start]").ClickAsync();
        await ExpectState(requester, "in-progress");
        await partner.Locator("[data-testid=action-deliver]").ClickAsync();
        await partner.Locator("#action-summary").FillAsync("Report sent; two medium findings fixed.");
        await partner.Locator("[data-testid=action-confirm]").ClickAsync();
        await ExpectState(requester, "delivered");

        await requester.Locator("[data-testid=action-close]").ClickAsync();
        await requester.Locator("[data-testid=action-rating] .mud-rating-item").Nth(4).ClickAsync();
        await requester.Locator("#action-comment").FillAsync("Clear and quick.");
        await requester.Locator("[data-testid=action-confirm]").ClickAsync();

        await ExpectState(requester, "closed");
        await ExpectState(partner, "closed");
        await Expect(coordinator.Locator($"[data-testid=request-{id}] [data-testid=state]")).ToHaveAttributeAsync("data-state", "closed");
        await Expect(requester.Locator("[data-testid=request-rating] [aria-label]").First).ToHaveAttributeAsync("aria-label", "Rated 5 of 5");
        await Expect(requester.Locator("[data-testid=request-rating]")).ToContainTextAsync("Clear and quick.");
        await Expect(requester.Locator("[data-testid=history] [data-testid^=history-]").Filter(new() { HasText = "Closed" }).First).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task TwoPartnersRaceToAcceptAndTheLoserIsToldKindly()
    {
        browser.Require();
        var hub = await Hub.SetUpAsync(browser.Api);
        var winner = await browser.SignInAsync(hub.StaffA);
        var loser = await browser.SignInAsync(hub.StaffB);
        var id = await hub.SubmitAsync($"Race {hub.Tag}");
        await Expect(winner.Locator($"[data-testid=accept-{id}]")).ToBeVisibleAsync();
        await Expect(loser.Locator($"[data-testid=accept-{id}]")).ToBeVisibleAsync();

        // Both click; the loser's request is held in its browser until the winner's accept has been answered,
        // which is the race at its tightest: both pressed before either saw the other's change.
        var release = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        await loser.RouteAsync("**/api/requests/*/accept", async route =>
        {
            held.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await loser.Locator($"[data-testid=accept-{id}]").ClickAsync();
        await held.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await winner.Locator($"[data-testid=accept-{id}]").ClickAsync();
        await Expect(winner).ToHaveURLAsync(new Regex($"/requests/{id}$"));
        await ExpectState(winner, "accepted");
        release.SetResult();

        await Expect(loser.Locator("[data-testid=problem]")).ToContainTextAsync("Another partner accepted this request first.");
        await Expect(loser.Locator($"[data-testid=offer-{id}]")).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task AnOfferTakenByAnotherPartnerLeavesTheInboxLiveSayingWhy()
    {
        browser.Require();
        var hub = await Hub.SetUpAsync(browser.Api);
        var bystander = await browser.SignInAsync(hub.StaffB);
        var id = await hub.SubmitAsync($"Withdrawn {hub.Tag}");
        await Expect(bystander.Locator($"[data-testid=offer-{id}]")).ToBeVisibleAsync();

        await hub.StaffA.PostAsync($"api/requests/{id}/accept", new { });

        await Expect(bystander.Locator($"[data-testid=withdrawn-{id}]")).ToContainTextAsync($"“Withdrawn {hub.Tag}” was taken by another partner");
        await Expect(bystander.Locator($"[data-testid=offer-{id}]")).ToHaveCountAsync(0);
        await bystander.GotoAsync($"requests/{id}");
        await Expect(bystander.Locator("[data-testid=not-found]")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task TheAppSpeaksRomanianWithRomanianDates()
    {
        browser.Require();
        var hub = await Hub.SetUpAsync(browser.Api);
        var id = await hub.SubmitAsync($"Audit magazin {hub.Tag}");
        var page = await browser.SignInAsync(hub.Requester, locale: "ro-RO");

        await page.GotoAsync($"requests/{id}");

        await Expect(page.Locator("[data-testid=request-page] [data-testid=state]").First).ToHaveTextAsync("Deschisă");
        await Expect(page.Locator("[data-testid=request-created]")).ToHaveTextAsync(new Regex(@"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ro");
        await DeskBrowser.ScreenshotAsync(page, "requester-request-ro-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await DeskBrowser.ScreenshotAsync(page, "requester-request-ro-phone");
    }

    [SkippableFact]
    public async Task TheChosenLanguageIsKeptAcrossAReload()
    {
        browser.Require();
        var hub = await Hub.SetUpAsync(browser.Api);
        var page = await browser.SignInAsync(hub.Requester, locale: "en-GB");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Catalogue", Exact = true })).ToBeVisibleAsync();

        await page.Locator("[data-testid=language]").First.ClickAsync();
        await page.Locator("[data-testid=language-ro]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Catalog", Exact = true })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Catalog", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=live-state]")).ToHaveTextAsync(new Regex("În timp real"));
    }

    private static Task ExpectState(IPage page, string state) =>
        Expect(page.Locator("[data-testid=request-page] [data-testid=state]").First).ToHaveAttributeAsync("data-state", state);
}
