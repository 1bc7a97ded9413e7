using System.Data.Common;

namespace DIH4S.Grains.Storage;

/// <summary>
/// The node's database as the desk's own code uses it (the lists, ADR 0017); the Orleans providers
/// use the same database through its <see cref="DbDataSource"/>. One implementation per engine.
/// </summary>
public interface IDeskDatabase
{
    /// <summary>The folder of <c>infra/sql</c> whose SQL this database speaks: <c>sqlite</c> or <c>postgresql</c>.</summary>
    string Engine { get; }

    /// <summary>Runs <paramref name="read"/> on an open connection; a read that met a transient fault may be run again.</summary>
    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default);
}
