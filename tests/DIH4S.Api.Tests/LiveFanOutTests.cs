using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Live;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Api.Tests;

/// <summary>How a node co-hosted with a silo is handed changes (ADR 0004).</summary>
[Collection(DeskCollection.Name)]
public sealed class LiveFanOutTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task ANodeReceivesItsOwnSilosChangesInProcessEvenWhileTheRegistryDoesNotKnowIt()
    {
        var cast = await Cast.SetUpAsync(_node);
        await using var requester = await cast.Requester.ConnectAsync();
        var registry = _node.Services.GetRequiredService<IGrainFactory>().GetGrain<ILiveRegistryGrain>(0);
        var self = (await registry.GetNodesAsync()).ShouldHaveSingleItem();
        await registry.UnregisterNodeAsync(self.NodeId);
        try
        {
            var id = await cast.SubmitAsync("Handed over in-process");

            (await requester.WaitForRequestAsync(id, 1)).Title.ShouldBe("Handed over in-process");
        }
        finally
        {
            await registry.RegisterNodeAsync(self);
        }
    }
}
