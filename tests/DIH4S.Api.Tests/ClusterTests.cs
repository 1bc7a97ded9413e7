using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Requests;
using DIH4S.Tests.Shared;

namespace DIH4S.Api.Tests;

/// <summary>Two nodes, each an ASP.NET Core host with its own silo, forming one cluster on one database.</summary>
public abstract class ClusterTests : IAsyncLifetime
{
    private readonly string _databasePath = DeskFactory.NewDatabasePath();
    private DeskFactory _first = null!;
    private DeskFactory _second = null!;

    /// <summary>The settings of the cluster's nodes beyond the test defaults.</summary>
    protected virtual Task<Dictionary<string, string?>> SettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    /// <summary>Whether the second node finds the first through its silo port (the embedded localhost clustering).</summary>
    protected abstract bool PointsAtFirst { get; }

    public async Task InitializeAsync()
    {
        var clock = DeskFactory.NewClock();
        var settings = await SettingsAsync();
        _first = new DeskFactory(_databasePath, clock) { Settings = settings };
        _ = _first.Server;
        _second = new DeskFactory(_databasePath, clock, primarySiloPort: PointsAtFirst ? _first.SiloPort : null) { Settings = settings };
        _ = _second.Server;
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        TempFiles.DeleteDirectoryOf(_databasePath);
    }

    [Fact]
    public async Task AChangeMadeThroughOneNodeReachesClientsOfTheOther()
    {
        var cast = await Cast.SetUpAsync(_first);
        // Signed in on the first node, connected to the second: the key ring is shared through a grain.
        await using var partnerOnSecond = await cast.Partners[0].Through(_second).ConnectAsync();
        await using var customerOnSecond = await cast.Requester.Through(_second).ConnectAsync();

        var id = await cast.SubmitAsync();
        await cast.Partners[0].PostOkAsync($"/api/requests/{id}/accept");

        (await partnerOnSecond.WaitForRequestAsync(id, 2)).State.ShouldBe(RequestState.Accepted);
        (await customerOnSecond.WaitForRequestAsync(id, 2)).PartnerId.ShouldBe(cast.Partners[0].OrganizationId);
    }

    [Fact]
    public async Task EitherNodeServesTheSameRequest()
    {
        var cast = await Cast.SetUpAsync(_first);
        var id = await cast.SubmitAsync();

        var accepted = await cast.Partners[0].Through(_second).PostOkAsync($"/api/requests/{id}/accept");
        var seenFromFirst = await cast.Requester.GetOkAsync($"/api/requests/{id}");

        accepted.GetProperty("version").GetInt32().ShouldBe(2);
        seenFromFirst.GetProperty("version").GetInt32().ShouldBe(2);
        seenFromFirst.GetProperty("state").GetString().ShouldBe("accepted");
    }
}

/// <summary>The embedded default: localhost clustering, one SQLite file.</summary>
public sealed class SqliteClusterTests : ClusterTests
{
    protected override bool PointsAtFirst => true;
}

/// <summary>ADO.NET clustering, state, reminders and lists on PostgreSQL (ADR 0019): the nodes find each other in the membership table.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresServer server) : ClusterTests
{
    protected override bool PointsAtFirst => false;

    protected override async Task<Dictionary<string, string?>> SettingsAsync() =>
        DeskFactory.OnPostgres(await server.CreateDatabaseAsync("cluster"));
}
