using DIH4S.Api.Hosting;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Grains.Storage;
using DIH4S.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace DIH4S.Api.Tests.Storage;

/// <summary>
/// The Orleans ADO.NET grain storage as the node runs it on SQLite — its stored queries, the desk's data
/// source and its one writer with statements kept prepared (ADR 0002, 0017): a write from a version that is no
/// longer the stored one is refused with Orleans' <see cref="InconsistentStateException"/> and changes nothing.
/// That refusal is what keeps two activations of one grain from overwriting each other's changes.
/// </summary>
public sealed class GrainStateConflictTests : IAsyncLifetime
{
    private const string Provider = "conflicts";
    private const string StateName = "note";
    private readonly string _path = DeskFactory.NewDatabasePath();
    private SqliteDatabase? _database;
    private IHost? _silo;

    private string ConnectionString => $"Data Source={_path}";

    private IGrainStorage Storage => _silo!.Services.GetRequiredKeyedService<IGrainStorage>(Provider);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        SqliteSchema.Apply(ConnectionString);
        _database = new SqliteDatabase(ConnectionString);
        _silo = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort: TestPorts.Free(), gatewayPort: TestPorts.Free());
                silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
                silo.AddAdoNetGrainStorage(Provider, o => (o.Invariant, o.DataSource) = (OrleansHosting.SqliteInvariant, _database));
            })
            .Build();
        await _silo.StartAsync();
    }

    [Fact]
    public async Task AWriteFromAStaleVersionIsRefusedAndChangesNothing()
    {
        var grain = GrainId.Create("note", "stale");
        var current = new GrainState<string>("first");
        await Storage.WriteStateAsync(StateName, grain, current);
        var stale = new GrainState<string>("lost update") { ETag = current.ETag, RecordExists = true };

        current.State = "second";
        await Storage.WriteStateAsync(StateName, grain, current);
        await Should.ThrowAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, stale));

        var stored = await ReadAsync(grain);
        stored.State.ShouldBe("second");
        stored.ETag.ShouldBe(current.ETag);
    }

    [Fact]
    public async Task AFirstWriteOfAStateAlreadyStoredIsRefused()
    {
        var grain = GrainId.Create("note", "twice");
        await Storage.WriteStateAsync(StateName, grain, new GrainState<string>("from the first activation"));

        // A second activation that never read the state believes it new.
        await Should.ThrowAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync(StateName, grain, new GrainState<string>("from a second activation")));

        (await ReadAsync(grain)).State.ShouldBe("from the first activation");
    }

    [Fact]
    public async Task WritesFromTheStoredVersionFollowEachOther()
    {
        var grain = GrainId.Create("note", "many");
        var state = new GrainState<string>("0");
        for (var i = 1; i <= 20; i++)
        {
            state.State = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Storage.WriteStateAsync(StateName, grain, state);
        }

        var stored = await ReadAsync(grain);
        stored.State.ShouldBe("20");
        stored.ETag.ShouldBe(state.ETag);
    }

    private async Task<GrainState<string>> ReadAsync(GrainId grain)
    {
        var read = new GrainState<string>();
        await Storage.ReadStateAsync(StateName, grain, read);
        return read;
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            _silo.Dispose();
        }

        _database?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }
}
