using DIH4S.EndToEnd.Tests.Infrastructure;

namespace DIH4S.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public sealed class TrainingTests(DeskBrowser browser)
{
    [SkippableFact]
    public async Task AWaitlistedPersonSeesTheirSeatConfirmedLiveWhenASeatIsCancelled()
    {
        browser.Require();
        var hub = await Hub.SetUpAsync(browser.Api);
        var trainer = await browser.Api.NewMemberAsync(hub.Coordinator, hub.PartnerA, $"mihai-{hub.Tag}@utcn.test", "Mihai Pop", "trainer");
        var start = DateTimeOffset.UtcNow.AddDays(3);
        var training = await trainer.PostAsync("api/trainings", new
        {
            title = $"Safe use of the 3D printer {hub.Tag}",
            start,
            end = start.AddHours(2),
            capacity = 1,
            location = "UTCN, room 40",
        });
        var trainingId = training.GetProperty("id").GetString()!;
        var confirmed = await hub.Requester.PostAsync($"api/trainings/{trainingId}/seats", new { });
        await hub.StaffB.PostAsync($"api/trainings/{trainingId}/seats", new { });

        var waiting = await browser.SignInAsync(hub.StaffB);
        await waiting.GotoAsync("trainings");
        await Expect(waiting.Locator($"[data-testid=my-seat-{trainingId}] [data-testid=state]")).ToHaveAttributeAsync("data-state", "waitlisted");
        await Expect(waiting.Locator($"[data-testid=waitlist-position-{trainingId}]")).ToContainTextAsync("1");

        await hub.Requester.PostAsync($"api/trainings/{trainingId}/seats/{confirmed.GetProperty("id").GetString()}/cancel", new { });

        await Expect(waiting.Locator($"[data-testid=my-seat-{trainingId}] [data-testid=state]")).ToHaveAttributeAsync("data-state", "confirmed");
        await Expect(waiting.Locator($"[data-testid=waitlist-position-{trainingId}]")).ToHaveCountAsync(0);
    }
}
