using DIH4S.Contracts.Live;
using DIH4S.Grains.Lists;
using DIH4S.Grains.Live;
using DIH4S.Grains.Requests;
using DIH4S.Grains.Storage;
using DIH4S.Grains.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace DIH4S.Grains.Tests.Live;

/// <summary>
/// Two in-process silos set up as the desk's (see <see cref="DeskClusterFixture"/>), with the live
/// fan-out's periods a test chooses, and ways to publish from a particular silo.
/// </summary>
public sealed class LiveCluster : IAsyncDisposable
{
    private readonly string _databasePath;
    private readonly SqliteDatabase _database;

    private LiveCluster(InProcessTestCluster cluster, string databasePath, SqliteDatabase database)
    {
        Cluster = cluster;
        _databasePath = databasePath;
        _database = database;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public IReadOnlyList<SiloAddress> Silos => [.. Cluster.Silos.Select(s => s.SiloAddress)];

    public ILiveRegistryGrain Registry => Client.GetGrain<ILiveRegistryGrain>(0);

    public static async Task<LiveCluster> StartAsync(Action<LiveOptions> live, Action<ISiloBuilder>? configure = null)
    {
        var clock = new DeskClock(new FakeTimeProvider(DeskClusterFixture.StartsAt));
        // The lists' read model (ADR 0017), one file for both silos, as in DeskClusterFixture.
        var databasePath = Path.Combine(Path.GetTempPath(), $"dih4s-live-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={databasePath}";
        SqliteSchema.Apply(connectionString);
        var database = new SqliteDatabase(connectionString);
        var lists = new SqliteLists(database, TimeProvider.System);
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(DeskStorage.Name);
            silo.UseInMemoryReminderService();
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
            silo.Services.AddSingleton(clock);
            silo.Services.AddSingleton(lists);
            silo.Services.AddSingleton<IDeskLists>(lists);
            silo.Services.AddDeskDomain();
            silo.Services.Configure<RequestOptions>(o => o.TimerCheckInterval = TimeSpan.FromMinutes(1));
            silo.Services.Configure(live);
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new LiveCluster(cluster, databasePath, database);
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
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
