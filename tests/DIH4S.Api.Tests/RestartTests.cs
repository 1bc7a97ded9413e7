using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Requests;
using DIH4S.Tests.Shared;

namespace DIH4S.Api.Tests;

/// <summary>Stops the host and starts a new one on the same database: nothing acknowledged is lost.</summary>
public abstract class RestartTests : OwnNodeTests
{
    /// <summary>A node on the test's database; each call a new host on the same data.</summary>
    protected abstract Task<DeskFactory> NewNodeAsync();

    [Fact]
    public async Task EverythingSurvivesARestartAndAPendingDeadlineStillFires()
    {
        string openId, closedId, customerId, requesterEmail, partnerId, serviceCode;
        await using (var before = await NewNodeAsync())
        {
            var cast = await Cast.SetUpAsync(before);
            (customerId, requesterEmail, partnerId, serviceCode) =
                (cast.CustomerId, cast.Requester.Email, cast.Partners[0].OrganizationId, cast.ServiceCode);
            closedId = await cast.SubmitDeliveredAsync("Finished");
            await cast.Requester.PostOkAsync($"/api/requests/{closedId}/close", new { rating = 4 });
            await cast.Requester.PostOkAsync($"/api/requests/{closedId}/comments", new { text = "Thanks!", @internal = false });
            openId = await cast.SubmitAsync("Still open");
        }

        await using var after = await NewNodeAsync();
        var coordinator = await DeskClient.LoginAsync(after, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        var requester = await DeskClient.LoginAsync(after, requesterEmail, Cast.Password);

        requester.OrganizationId.ShouldBe(customerId);
        (await coordinator.GetOkAsync($"/api/organizations/{partnerId}")).GetProperty("kind").GetString().ShouldBe("partner");
        (await coordinator.GetOkAsync($"/api/services/{serviceCode}")).GetProperty("code").GetString().ShouldBe(serviceCode);
        var closed = await requester.GetOkAsync($"/api/requests/{closedId}");
        closed.GetProperty("state").GetString().ShouldBe("closed");
        closed.GetProperty("version").GetInt32().ShouldBe(5);
        closed.GetProperty("rating").GetInt32().ShouldBe(4);
        (await requester.GetOkAsync($"/api/requests/{closedId}/history")).GetProperty("total").GetInt32().ShouldBe(5);
        (await requester.GetOkAsync($"/api/requests/{closedId}/comments")).GetProperty("total").GetInt32().ShouldBe(1);
        (await requester.GetOkAsync("/api/requests")).GetProperty("total").GetInt32().ShouldBe(2);

        // The acceptance deadline was armed before the restart; passing it now escalates the request.
        await using var live = await coordinator.ConnectAsync();
        var open = await requester.GetOkAsync($"/api/requests/{openId}");
        open.GetProperty("state").GetString().ShouldBe("open");
        var deadline = open.GetProperty("acceptDeadline").GetDateTimeOffset();
        Clock.SetUtcNow(deadline.AddMinutes(1));

        var escalated = await live.WaitForRequestAsync(r => r.Id == openId && r.State == RequestState.Escalated);
        escalated.Version.ShouldBe(2);
        var history = await (await coordinator.SignInAgainAsync()).GetOkAsync($"/api/requests/{openId}/history");
        history.GetProperty("items")[1].GetProperty("action").GetString().ShouldBe("escalated");
    }

    [Fact]
    public async Task TokensIssuedBeforeARestartStayValid()
    {
        DeskClient requester;
        await using (var before = await NewNodeAsync())
        {
            requester = (await Cast.SetUpAsync(before, partners: 0)).Requester;
        }

        await using var after = await NewNodeAsync();
        var (status, me) = await requester.Through(after).GetAsync("/api/me");

        status.ShouldBe(HttpStatusCode.OK);
        me.GetProperty("userId").GetString().ShouldBe(requester.UserId);
    }
}

/// <summary>The restart on the embedded default: a new host on the same SQLite file.</summary>
public sealed class SqliteRestartTests : RestartTests
{
    protected override Task<DeskFactory> NewNodeAsync() => Task.FromResult(new DeskFactory(DatabasePath, Clock));
}

/// <summary>The restart on PostgreSQL: the whole (one-node) cluster restarts on the same database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRestartTests(PostgresServer server) : RestartTests
{
    private string? _database;

    protected override async Task<DeskFactory> NewNodeAsync()
    {
        _database ??= await server.CreateDatabaseAsync("restart");
        return new DeskFactory(DatabasePath, Clock) { Settings = DeskFactory.OnPostgres(_database) };
    }
}
