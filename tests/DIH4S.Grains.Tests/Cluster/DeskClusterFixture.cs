using DIH4S.Grains.Lists;
using DIH4S.Grains.Requests;
using DIH4S.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace DIH4S.Grains.Tests.Cluster;

/// <summary>
/// Two in-process silos sharing one fake business clock. The clock only moves forward: a test that
/// needs a particular moment moves it there with <see cref="MoveToNext"/> and gets fresh ids, so
/// earlier tests' requests never matter.
/// </summary>
public sealed class DeskClusterFixture : IAsyncLifetime
{
    /// <summary>Tuesday 2026-11-24, 10:00 in Bucharest.</summary>
    public static readonly DateTimeOffset StartsAt = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The hub's time zone, for placing the fake clock at a local wall-clock time.</summary>
    public static readonly TimeZoneInfo Bucharest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Bucharest");

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"dih4s-grains-{Guid.NewGuid():N}.db");
    private InProcessTestCluster? _cluster;
    private SqliteDatabase? _database;

    /// <summary>The business clock every silo's <see cref="DeskClock"/> reads.</summary>
    public FakeTimeProvider Time { get; } = new(StartsAt);

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("The cluster is not deployed.")).Client;

    /// <summary>The lists' read model the silos record into.</summary>
    public SqliteLists Lists => (SqliteLists)Cluster.Silos[0].ServiceProvider.GetRequiredService<IDeskLists>();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public async Task InitializeAsync()
    {
        var clock = new DeskClock(Time);

        // The lists' read model is SQL (ADR 0017): one file, shared by both silos as in a real cluster.
        var connectionString = $"Data Source={_databasePath}";
        SqliteSchema.Apply(connectionString);
        _database = new SqliteDatabase(connectionString);
        var lists = new SqliteLists(_database, TimeProvider.System);
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
            // Below the silo's minimum on purpose: a too-small setting is raised to it, not refused by Orleans.
            silo.Services.Configure<RequestOptions>(o => o.TimerCheckInterval = TimeSpan.FromMilliseconds(200));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _database?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Moves the clock forward to the next <paramref name="day"/> at <paramref name="localTime"/> in Bucharest
    /// (today, when that moment is still ahead or is now) and returns that instant.
    /// </summary>
    public DateTimeOffset MoveToNext(DayOfWeek day, TimeOnly localTime)
    {
        var now = Time.GetUtcNow();
        var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Bucharest).DateTime);
        for (var offset = 0; offset <= 7; offset++)
        {
            var date = localToday.AddDays(offset);
            if (date.DayOfWeek != day)
            {
                continue;
            }

            var target = AtLocal(date, localTime);
            if (target >= now)
            {
                Time.SetUtcNow(target);
                return target;
            }
        }

        throw new InvalidOperationException("Within eight days every weekday occurs at least once.");
    }

    /// <summary>The instant at which Bucharest's wall clock shows <paramref name="time"/> on <paramref name="date"/>.</summary>
    public static DateTimeOffset AtLocal(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Bucharest), TimeSpan.Zero);
    }
}

[CollectionDefinition(Name)]
public sealed class DeskClusterCollection : ICollectionFixture<DeskClusterFixture>
{
    public const string Name = "desk cluster";
}
