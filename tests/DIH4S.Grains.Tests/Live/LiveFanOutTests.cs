using DIH4S.Contracts.Live;
using DIH4S.Grains.Live;
using DIH4S.Grains.Tests.Cluster;

namespace DIH4S.Grains.Tests.Live;

/// <summary>
/// Publishing is spread over the silos and waits for nobody (ADR 0004): each silo's publisher hands its
/// grains' changes to every node, from the list the registry pushed to it.
/// </summary>
[Collection(LiveClusterCollection.Name)]
public sealed class LiveFanOutTests(LiveClusterFixture fixture)
{
    private readonly LiveCluster _live = fixture.Live;

    [Fact]
    public async Task ChangesOfGrainsOnEitherSiloReachTheNodes()
    {
        await using var probe = await LiveProbe.RegisterAsync(_live.Client);
        var requester = People.RequesterOf(People.NewOrganization());
        var management = _live.Client.GetGrain<IManagementGrain>(0);

        // Requests land on either silo; submit until each silo hosts one.
        Dictionary<SiloAddress, string> requestOn = [];
        for (var attempt = 0; attempt < 100 && requestOn.Count < _live.Silos.Count; attempt++)
        {
            var (grain, view) = await _live.Client.SubmitNewAsync(requester, []);
            if (await management.GetActivationAddress(grain) is { } host)
            {
                requestOn.TryAdd(host, view.Id);
            }
        }

        requestOn.Keys.ShouldBe(_live.Silos, ignoreOrder: true);
        foreach (var id in requestOn.Values)
        {
            (await probe.VersionAsync(id, 1)).Request.Id.ShouldBe(id);
        }
    }

    [Fact]
    public async Task ANodeReceivesEveryChangePublishedOnAnySiloOnceItsRegistrationReturned()
    {
        await using (var first = await LiveProbe.RegisterAsync(_live.Client))
        {
            await _live.WarmUpAsync(first);
        }

        // The directories refresh once an hour here: only the registry's push tells them of this node.
        await using var probe = await LiveProbe.RegisterAsync(_live.Client);
        var markers = _live.Silos.ToDictionary(s => s, _ => People.NewId("marker"));
        foreach (var (silo, id) in markers)
        {
            await _live.PublishFromAsync(silo, LiveCluster.Marker(id));
        }

        foreach (var id in markers.Values)
        {
            await probe.WithdrawalAsync(id);
        }
    }

    [Fact]
    public async Task ANodeThatNeverFinishesReceivingHoldsUpNeitherTheGrainsNorTheOtherNodes()
    {
        // One stuck node in the client (reached one-way) and one co-hosted with each silo (reached in-process).
        var stuck = new StuckNode();
        var stuckReference = _live.Client.CreateObjectReference<IDeskNodeObserver>(stuck);
        var stuckId = People.NewId("stuck");
        await _live.Registry.RegisterNodeAsync(new LiveNode(stuckId, stuckReference, null));
        var directories = _live.Silos.Select(s => LiveDirectory.Of(_live.Cluster.GetSiloServiceProvider(s))).ToList();
        var local = People.NewId("stuck-local");
        directories.ForEach(d => d.AttachLocal(local, stuck));
        await using var probe = await LiveProbe.RegisterAsync(_live.Client);
        try
        {
            var requester = People.RequesterOf(People.NewOrganization());
            for (var i = 0; i < 5; i++)
            {
                var (_, view) = await _live.Client.SubmitNewAsync(requester, []).WaitAsync(LiveProbe.Patience);
                await probe.VersionAsync(view.Id, 1);
            }

            // Each change went to the stuck node co-hosted with its grain's silo before the probe's was sent.
            stuck.Received.ShouldBeGreaterThanOrEqualTo(5);
        }
        finally
        {
            directories.ForEach(d => d.DetachLocal(local));
            await _live.Registry.UnregisterNodeAsync(stuckId);
            _live.Client.DeleteObjectReference<IDeskNodeObserver>(stuckReference);
        }
    }

    /// <summary>A node whose every delivery starts and never ends.</summary>
    private sealed class StuckNode : IDeskNodeObserver
    {
        private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _received;

        public int Received => Volatile.Read(ref _received);

        public Task OnChangeAsync(LiveChange change)
        {
            Interlocked.Increment(ref _received);
            return _never.Task;
        }

        public Task PingAsync() => Task.CompletedTask;
    }
}

/// <summary>One <see cref="LiveCluster"/> for the fan-out tests, whose directories refresh only hourly.</summary>
public sealed class LiveClusterFixture : IAsyncLifetime
{
    public LiveCluster Live { get; private set; } = null!;

    public async Task InitializeAsync() => Live = await LiveCluster.StartAsync(o => o.RefreshPeriod = TimeSpan.FromHours(1));

    public async Task DisposeAsync() => await Live.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LiveClusterCollection : ICollectionFixture<LiveClusterFixture>
{
    public const string Name = "live cluster";
}
