using DIH4S.Grains.Lists;
using DIH4S.Grains.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
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

    private readonly TestListsDatabase _lists = new();
    private InProcessTestCluster? _cluster;

    /// <summary>The business clock every silo's <see cref="DeskClock"/> reads.</summary>
    public FakeTimeProvider Time { get; } = new(StartsAt);

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("The cluster is not deployed.")).Client;

    /// <summary>The lists' read model the silos record into.</summary>
    public SqlLists Lists => _lists.Lists;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public async Task InitializeAsync()
    {
        var clock = new DeskClock(Time);
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            TestSilo.Configure(silo, clock, _lists);
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

        await _lists.DisposeAsync();
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
