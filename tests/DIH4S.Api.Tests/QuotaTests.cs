using System.Net;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Api.Tests.Labs;
using DIH4S.Api.Tests.Trainings;

namespace DIH4S.Api.Tests;

/// <summary>Issue 9, quotas against one user exhausting the desk: each a setting, each a 429 problem naming the limit.</summary>
public sealed class QuotaTests : IAsyncLifetime
{
    private readonly string _databasePath = DeskFactory.NewDatabasePath();
    private readonly ConnectGate _gate = new();
    private DeskFactory _node = null!;

    public Task InitializeAsync()
    {
        _node = new DeskFactory(_databasePath, DeskFactory.NewClock())
        {
            HubFilter = _gate,
            Settings = new Dictionary<string, string?>
            {
                ["Quotas:CommentsPerRequest"] = "3",
                ["Quotas:CommentsPerUserPerHour"] = "4",
                ["Quotas:SeatChangesPerUserPerHour"] = "3",
                ["Quotas:PendingBookingsPerPerson"] = "2",
                ["Quotas:PendingBookingsPerOrganization"] = "3",
                ["Quotas:BookingHorizonDays"] = "30",
                ["Quotas:HubConnectionsPerUser"] = "2",
            },
        };
        _ = _node.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        TempFiles.DeleteDirectoryOf(_databasePath);
    }

    [Fact]
    public async Task ARequestHoldsAtMostItsQuotaOfComments()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        var id = await cast.SubmitAsync();
        for (var i = 1; i <= 3; i++)
        {
            await cast.Requester.PostOkAsync($"/api/requests/{id}/comments", new { text = $"Comment {i}" });
        }

        var (status, body) = await cast.Requester.PostAsync($"/api/requests/{id}/comments", new { text = "One too many" });

        ShouldBeQuota(status, body, "Too many comments on this request.");
        (await cast.Requester.GetOkAsync($"/api/requests/{id}/comments")).GetProperty("items").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task APersonWritesAtMostTheirHourlyCommentsThenWaits()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        var first = await cast.SubmitAsync("First");
        var second = await cast.SubmitAsync("Second");
        foreach (var id in new[] { first, first, second, second })
        {
            await cast.Requester.PostOkAsync($"/api/requests/{id}/comments", new { text = "A question" });
        }

        using var refused = await cast.Requester.Http.PostAsync($"/api/requests/{second}/comments", JsonBody(new { text = "Another" }));
        ShouldBeQuota(refused.StatusCode, await Read(refused), "Too many comments in an hour.");
        refused.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().TotalSeconds.ShouldBeInRange(3599, 3600);

        _node.Clock.Advance(TimeSpan.FromHours(1));
        var later = await cast.Requester.SignInAgainAsync(); // the access token expired meanwhile
        await later.PostOkAsync($"/api/requests/{second}/comments", new { text = "An hour later" });
    }

    [Fact]
    public async Task ReservingAndCancellingSeatsOverAndOverIsLimited()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 1);
        var training = await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(10), capacity: 5);
        var attendee = cast.Attendees[0];
        var seat = await attendee.PostOkAsync($"/api/trainings/{training.Id()}/seats");
        await attendee.PostOkAsync($"/api/trainings/{training.Id()}/seats/{seat.Id()}/cancel");
        await attendee.PostOkAsync($"/api/trainings/{training.Id()}/seats");

        var (status, body) = await attendee.PostAsync($"/api/trainings/{training.Id()}/seats");

        ShouldBeQuota(status, body, "Too many seat reservations and cancellations in an hour.");
    }

    [Fact]
    public async Task PendingBookingsAreCappedPerPersonAndPerOrganization()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var colleague = await Cast.NewMemberAsync(_node, scene.Coordinator, scene.CustomerId, $"colleague-{Guid.NewGuid():N}@sme.test", "requester");
        var day = 1;
        Task<(HttpStatusCode Status, JsonElement Body)> Book(DeskClient who) =>
            LabScene.BookAsync(who, equipment, LabScene.At(_node, day, 9), LabScene.At(_node, day++, 10));

        (await Book(scene.Requester)).Status.ShouldBe(HttpStatusCode.Created);
        var second = await Book(scene.Requester);
        second.Status.ShouldBe(HttpStatusCode.Created);
        var (mine, mineBody) = await Book(scene.Requester);
        ShouldBeQuota(mine, mineBody, "Too many pending bookings for one person.");

        (await Book(colleague)).Status.ShouldBe(HttpStatusCode.Created);
        var (ours, oursBody) = await Book(colleague);
        ShouldBeQuota(ours, oursBody, "Too many pending bookings for one organization.");

        // A decision frees the quota.
        await scene.Manager.PostOkAsync($"/api/bookings/{second.Body.GetProperty("id").GetString()}/reject", new { reason = "Maintenance." });
        (await Book(colleague)).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task BookingsStartWithinTheHorizon()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();

        var (status, body) = await LabScene.BookAsync(scene.Requester, equipment, LabScene.At(_node, 31, 9), LabScene.At(_node, 31, 10));

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").GetProperty("start")[0].GetString()!.ShouldContain("at most 30 days ahead");
        (await LabScene.BookAsync(scene.Requester, equipment, LabScene.At(_node, 29, 9), LabScene.At(_node, 29, 10))).Status
            .ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task APersonHoldsAtMostTheirQuotaOfLiveConnections()
    {
        var coordinator = await DeskClient.LoginAsync(_node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        await using var first = await coordinator.ConnectAsync();
        // SignalR answers the handshake before the hub's own connect runs, so a start can return before
        // the hub has seen the connection. The gate holds the hub there: the quota must count it anyway.
        _gate.Hold(coordinator.UserId);
        await using var second = await coordinator.ConnectAsync();

        var refused = await Should.ThrowAsync<HttpRequestException>(coordinator.ConnectAsync);

        _gate.Open();
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task ChangesPerPersonPerMinuteAreLimitedWithAProblemAndRetryAfter()
    {
        var path = DeskFactory.NewDatabasePath();
        await using var node = new DeskFactory(path, DeskFactory.NewClock())
        {
            Settings = new Dictionary<string, string?> { ["Quotas:WritesPerMinute"] = "3" },
        };
        try
        {
            var coordinator = await DeskClient.LoginAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
            var tag = Guid.NewGuid().ToString("N")[..8];
            for (var i = 0; i < 3; i++)
            {
                await coordinator.PostOkAsync("/api/organizations", new { name = $"Org {i} {tag}", kind = "sme" });
            }

            using var refused = await coordinator.Http.PostAsync("/api/organizations", JsonBody(new { name = $"One too many {tag}", kind = "sme" }));

            ShouldBeQuota(refused.StatusCode, await Read(refused), "Too many changes in a minute.");
            refused.Headers.RetryAfter.ShouldNotBeNull();
            (await coordinator.GetOkAsync("/api/organizations?pageSize=100")).GetProperty("items").EnumerateArray()
                .Count(o => o.GetProperty("name").GetString()!.EndsWith(tag, StringComparison.Ordinal)).ShouldBe(3);
            (await coordinator.GetAsync("/api/me")).Status.ShouldBe(HttpStatusCode.OK); // reads are not changes
        }
        finally
        {
            await node.DisposeAsync();
            TempFiles.DeleteDirectoryOf(path);
        }
    }

    private static void ShouldBeQuota(HttpStatusCode status, JsonElement body, string title)
    {
        status.ShouldBe(HttpStatusCode.TooManyRequests, body.ToString());
        body.GetProperty("title").GetString().ShouldBe(title);
        body.GetProperty("status").GetInt32().ShouldBe(429);
    }

    private static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body, DeskClient.Json), System.Text.Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Read(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
