namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>One running node on a fresh SQLite file, shared by the tests of a collection (they run one after another).</summary>
public sealed class DeskFixture : IAsyncLifetime
{
    private readonly string _databasePath = DeskFactory.NewDatabasePath();

    public DeskFactory Node { get; private set; } = null!;

    /// <summary>Can hold a connection of the node's live hub between handshake and joining.</summary>
    public ConnectGate Gate { get; } = new();

    public Task InitializeAsync()
    {
        Node = new DeskFactory(_databasePath, DeskFactory.NewClock()) { HubFilter = Gate };
        _ = Node.Server; // starts the host, with its silo
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        TempFiles.DeleteDirectoryOf(_databasePath);
    }
}

[CollectionDefinition(Name)]
public sealed class DeskCollection : ICollectionFixture<DeskFixture>
{
    public const string Name = "desk";
}

public static class TempFiles
{
    public static void DeleteDirectoryOf(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (directory is not null && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
