using DIH4S.Contracts.Live;
using DIH4S.Grains.Tests.Cluster;
using Orleans.Configuration;

namespace DIH4S.Grains.Tests.Live;

/// <summary>
/// The registry of nodes follows cluster membership and stays off the path of every change (ADR 0004).
/// Each test has a cluster of its own: they kill silos and clients, or hold the registry.
/// </summary>
public sealed class LiveRegistryTests
{
    /// <summary>How long cluster membership may take to notice what a test did to the cluster.</summary>
    private static readonly TimeSpan MembershipPatience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AGrainAnswersAndItsChangeIsDeliveredWhileTheRegistryIsBusy()
    {
        await using var live = await LiveCluster.StartAsync(o => o.CallTimeout = TimeSpan.FromMinutes(5));
        var probe = await LiveProbe.RegisterAsync(live.Client);
        await live.WarmUpAsync(probe);
        // A directory that takes a new list only when the test lets it: the registry waits for it.
        var held = new HeldDirectory();
        var heldReference = live.Client.CreateObjectReference<ILiveDirectoryObserver>(held);
        await live.Registry.RegisterDirectoryAsync(live.Silos[0], heldReference, []);
        var registering = LiveProbe.RegisterAsync(live.Client);
        await held.Entered.WaitAsync(LiveProbe.Patience);
        try
        {
            var (_, view) = await live.Client.SubmitNewAsync(People.RequesterOf(People.NewOrganization()), []).WaitAsync(LiveProbe.Patience);
            await probe.VersionAsync(view.Id, 1);

            registering.IsCompleted.ShouldBeFalse("the registry was busy all along");
        }
        finally
        {
            // The held directory stays registered until the cluster goes: from now on it answers.
            held.Release();
            await (await registering).DisposeAsync();
            await probe.DisposeAsync();
            GC.KeepAlive(held);
        }
    }

    [Fact]
    public async Task TheNodesOfASiloDeclaredDeadAreDroppedWithoutWaitingForAnExpiry()
    {
        await using var live = await LiveCluster.StartAsync(_ => { });
        await live.Registry.GetNodesAsync();
        var registryOn = await live.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(live.Registry);
        var victim = live.Cluster.Silos.First(s => !s.SiloAddress.Equals(registryOn));
        await using var onVictim = await LiveProbe.RegisterAsync(live.Client, victim.SiloAddress);
        await using var onSurvivor = await LiveProbe.RegisterAsync(live.Client, registryOn);

        await live.Cluster.KillSiloAsync(victim);

        var nodes = await UntilAsync(live.Registry.GetNodesAsync, n => n.All(node => node.NodeId != onVictim.NodeId));
        nodes.Select(n => n.NodeId).ShouldBe([onSurvivor.NodeId]);
    }

    [Fact]
    public async Task ARegistryStartedAnewAfterItsSiloDiedTakesOverTheNodesTheSilosKnew()
    {
        await using var live = await LiveCluster.StartAsync(_ => { });
        await using var probe = await LiveProbe.RegisterAsync(live.Client);
        await live.WarmUpAsync(probe);
        var registryOn = await live.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(live.Registry);
        var survivor = live.Silos.First(s => !s.Equals(registryOn));

        await live.Cluster.KillSiloAsync(live.Cluster.Silos.First(s => s.SiloAddress.Equals(registryOn)));

        // The probe does not register again: only the survivor's directory can tell the new registry of it.
        var registry = live.GrainsOf(survivor).GetGrain<ILiveRegistryGrain>(0);
        await UntilAsync(registry.GetNodesAsync, n => n.Any(node => node.NodeId == probe.NodeId));
        var id = People.NewId("after");
        await live.PublishFromAsync(survivor, LiveCluster.Marker(id));
        await probe.WithdrawalAsync(id);
    }

    [Fact]
    public async Task AClientNodeIsDroppedOnceTheClientIsNoLongerAvailable()
    {
        await using var live = await LiveCluster.StartAsync(
            o => o.RefreshPeriod = TimeSpan.FromSeconds(1),
            // How long a silo keeps a client that lost its connection, in case it comes back (a minute by default).
            silo => silo.Configure<SiloMessagingOptions>(o => o.ClientDropTimeout = TimeSpan.FromSeconds(1)));
        var probe = await LiveProbe.RegisterAsync(live.Client);
        var registry = live.GrainsOf(live.Silos[0]).GetGrain<ILiveRegistryGrain>(0);
        (await registry.GetNodesAsync()).Select(n => n.NodeId).ShouldBe([probe.NodeId]);
        await live.Cluster.KillClientAsync();

        await UntilAsync(registry.GetNodesAsync, n => n.Count == 0);
    }

    /// <summary>Asks until the answer satisfies <paramref name="done"/>: membership changes reach the registry when they do.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> ask, Func<T, bool> done)
    {
        using var deadline = new CancellationTokenSource(MembershipPatience);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                var answer = await ask();
                if (done(answer))
                {
                    return answer;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A killed silo's gateway fails the calls that were on their way through it; ask again.
            }

            await poll.WaitForNextTickAsync(CancellationToken.None);
        }

        throw new ShouldAssertException($"The registry did not get there within {MembershipPatience}.");
    }

    /// <summary>A silo directory that takes no list until released.</summary>
    private sealed class HeldDirectory : ILiveDirectoryObserver
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Release() => _released.TrySetResult();

        public Task UpdateAsync(LiveNodeList nodes)
        {
            _entered.TrySetResult();
            return _released.Task;
        }
    }
}
