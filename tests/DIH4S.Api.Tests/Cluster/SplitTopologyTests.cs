using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Requests;
using DIH4S.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Api.Tests.Cluster;

/// <summary>
/// The split topology (issue 11): a node with <c>Node:Role=api</c> runs only the HTTP and SignalR front,
/// as an Orleans client of the silo nodes; the API and live updates work through it as through a silo node.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SplitTopologyTests(PostgresServer server) : OwnNodeTests
{
    [Fact]
    public async Task AFrontWithoutASiloServesTheApiAndLiveUpdatesBothWays()
    {
        var settings = DeskFactory.OnPostgres(await server.CreateDatabaseAsync("split"));
        await using var silo = new DeskFactory(DatabasePath, Clock) { Settings = settings };
        _ = silo.Server;
        await using var front = new DeskFactory(DatabasePath, Clock) { Settings = new Dictionary<string, string?>(settings) { ["Node:Role"] = "api" } };
        _ = front.Server;
        front.Services.GetService<ILocalSiloDetails>().ShouldBeNull();
        front.Services.GetService<IClusterClient>().ShouldNotBeNull();

        var cast = await Cast.SetUpAsync(front);
        await using var partnerOnFront = await cast.Partners[0].ConnectAsync();
        await using var requesterOnSilo = await cast.Requester.Through(silo).ConnectAsync();

        // Made through the front, seen on the silo node; made through the silo node, seen on the front.
        var id = await cast.SubmitAsync();
        (await requesterOnSilo.WaitForRequestAsync(id, 1)).State.ShouldBe(RequestState.Open);
        (await partnerOnFront.WaitForRequestAsync(id, 1)).State.ShouldBe(RequestState.Open);
        await cast.Partners[0].Through(silo).PostOkAsync($"/api/requests/{id}/accept");

        (await partnerOnFront.WaitForRequestAsync(id, 2)).State.ShouldBe(RequestState.Accepted);
        (await requesterOnSilo.WaitForRequestAsync(id, 2)).PartnerId.ShouldBe(cast.Partners[0].OrganizationId);
        (await cast.Requester.GetOkAsync("/api/requests")).GetProperty("total").GetInt32().ShouldBe(1);
    }
}
