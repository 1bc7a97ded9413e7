using DIH4S.Contracts.Live;
using DIH4S.Grains.Live;
using DIH4S.Grains.Requests;
using DIH4S.Grains.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace DIH4S.Grains.Tests.Live;

/// <summary>
/// Two in-process silos set up as the desk's (see <see cref="DeskClusterFixture"/>), with the live
/// fan-out's periods a test chooses, and ways to publish from a particular silo.
/// </summary>
public sealed class LiveCluster : IAsyncDisposable
{
    private readonly TestListsDatabase _lists;

    private LiveCluster(InProcessTestCluster cluster, TestListsDatabase lists)
    {
        Cluster = cluster;
        _lists = lists;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public IReadOnlyList<SiloAddress> Silos => [.. Cluster.Silos.Select(s => s.SiloAddress)];

    public ILiveRegistryGrain Registry => Client.GetGrain<ILiveRegistryGrain>(0);

    public static async Task<LiveCluster> StartAsync(Action<LiveOptions> live, Action<ISiloBuilder>? configure = null)
    {
        var clock = new DeskClock(new FakeTimeProvider(DeskClusterFixture.StartsAt));
        var lists = new TestListsDatabase();
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            TestSilo.Configure(silo, clock, lists);
            silo.Services.Configure<RequestOptions>(o => o.TimerCheckInterval = TimeSpan.FromMinutes(1));
            silo.Services.Configure(live);
            // Tests here need grains on both silos. Orleans' default placement weighs the silos' load, which two
            // silos sharing one test process report alike, so it may keep choosing one; random placement does not.
            silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new LiveCluster(cluster, lists);
    }

    /// <summary>The grain factory of one silo: what it calls runs as if a grain there had called it.</summary>
    public IGrainFactory GrainsOf(SiloAddress silo) => Cluster.GetSiloServiceProvider(silo).GetRequiredService<IGrainFactory>();

    /// <summary>Publishes a change from the given silo, as a grain there does.</summary>
    public Task PublishFromAsync(SiloAddress silo, LiveChange change) => GrainsOf(silo).GetGrain<ILiveHubGrain>(0).PublishAsync(change);

    /// <summary>A change no client would ever see, that a probe can wait for by its id.</summary>
    public static OfferWithdrawn Marker(string id) => new(new OfferWithdrawnView(id, "marker"), ["test:nobody"]);

    /// <summary>
    /// Publishes a marker from every silo and waits until the probe received them: from then on every
    /// silo's directory is in use, and only the registry's pushes change it.
    /// </summary>
    public async Task WarmUpAsync(LiveProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        foreach (var silo in Silos)
        {
            var id = People.NewId("warm");
            await PublishFromAsync(silo, Marker(id));
            await probe.WithdrawalAsync(id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _lists.DisposeAsync();
    }
}
