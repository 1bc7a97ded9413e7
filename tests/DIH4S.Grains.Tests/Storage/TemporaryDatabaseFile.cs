using Microsoft.Data.Sqlite;

namespace DIH4S.Grains.Tests.Storage;

/// <summary>A SQLite file in the temporary folder for one test, deleted with its WAL and shared-memory files.</summary>
internal sealed class TemporaryDatabaseFile(string name) : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dih4s-{name}-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={_path}";

    /// <summary>Closes the pooled connections to the file, then deletes it.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
