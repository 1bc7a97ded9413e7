namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>
/// A real database fault for a node on SQLite: its database's folder is moved aside until disposed, so every
/// new connection fails to open the file (SQLite error 14). The node must run without connection pooling
/// (<see cref="UnpooledConnectionString"/>), or pooled connections would keep the moved file open.
/// </summary>
public sealed class DatabaseOutage : IDisposable
{
    private readonly string _folder;
    private readonly string _aside;

    private DatabaseOutage(string databasePath)
    {
        _folder = Path.GetDirectoryName(databasePath)!;
        _aside = _folder + "-away";
        Directory.Move(_folder, _aside);
    }

    /// <summary>The connection-string setting that opens the file afresh for every statement.</summary>
    public static KeyValuePair<string, string?> UnpooledConnectionString(string databasePath) =>
        new("Storage:ConnectionString", $"Data Source={databasePath};Pooling=False");

    public static DatabaseOutage Begin(string databasePath) => new(databasePath);

    public void Dispose() => Directory.Move(_aside, _folder);
}
