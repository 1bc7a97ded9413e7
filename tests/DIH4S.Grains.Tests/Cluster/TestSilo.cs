using DIH4S.Grains.Domain;
using DIH4S.Grains.Lists;
using DIH4S.Grains.Storage;
using DIH4S.Grains.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace DIH4S.Grains.Tests.Cluster;

/// <summary>The silo set-up every test cluster shares: in-memory state and reminders, the desk's services, one business clock and one lists' database.</summary>
internal static class TestSilo
{
    public static void Configure(ISiloBuilder silo, DeskClock clock, TestListsDatabase lists)
    {
        silo.AddMemoryGrainStorage(DeskStorage.Name);
        silo.UseInMemoryReminderService();
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.AddSingleton(clock);
        silo.Services.AddSingleton(lists.Lists);
        silo.Services.AddSingleton<IDeskLists>(lists.Lists);
        silo.Services.AddDeskDomain();
        silo.AddDeskDeadlineSweeps();
    }
}

/// <summary>The lists' read model (ADR 0017) on a temporary SQLite file, shared by a test cluster's silos as in a real cluster; deleted on disposal.</summary>
internal sealed class TestListsDatabase : IAsyncDisposable
{
    private readonly TemporaryDatabaseFile _file = new("grains");
    private readonly SqliteDatabase _database;

    public TestListsDatabase()
    {
        SqliteSchema.Apply(_file.ConnectionString);
        _database = new SqliteDatabase(_file.ConnectionString);
        Lists = new SqlLists(_database, TimeProvider.System);
    }

    public SqlLists Lists { get; }

    public async ValueTask DisposeAsync()
    {
        await Lists.DisposeAsync();
        _database.Dispose();
        _file.Dispose();
    }
}
