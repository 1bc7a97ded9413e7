using System.Data.Common;
using Npgsql;
using Polly;
using Polly.Retry;

namespace DIH4S.Grains.Storage;

/// <summary>
/// The desk's PostgreSQL database (ADR 0019): one <see cref="NpgsqlDataSource"/> (one connection pool)
/// for the whole node, handed to the Orleans providers as their <see cref="DbDataSource"/> and used by
/// the lists. A transient fault is retried where that is safe: a read, and opening the connection of a
/// write (nothing has been sent yet). A write whose outcome is unknown is not retried here; the caller
/// sees the fault (the API answers 503 and the client tries again; versions make that safe).
/// </summary>
public sealed class PostgresDatabase : DbDataSource, IDeskDatabase
{
    private readonly NpgsqlDataSource _source;
    private readonly ResiliencePipeline _retry;

    public PostgresDatabase(string connectionString, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _source = NpgsqlDataSource.Create(Tuned(connectionString));
        _retry = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient),
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                UseJitter = true,
            })
            .Build();
    }

    public string Engine => SqlScripts.Postgres;

    /// <summary>
    /// The pool's settings the desk's use allows, unless the connection string sets them: no session
    /// reset when a connection goes back to the pool (neither the desk nor the Orleans providers change
    /// session state, and the reset is a statement on every reuse), and statements that run often are
    /// prepared once per connection instead of parsed and planned on every call.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        // The plain builder holds only the keys the string sets; Npgsql's knows every key.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    public override string ConnectionString => _source.ConnectionString;

    /// <summary>The database's name, for messages.</summary>
    public string DatabaseName => new NpgsqlConnectionStringBuilder(_source.ConnectionString).Database ?? "postgres";

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        return await _retry.ExecuteAsync(
            async token =>
            {
                await using var connection = await _source.OpenConnectionAsync(token).ConfigureAwait(false);
                return await read(connection).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await _retry.ExecuteAsync(_source.OpenConnectionAsync, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    protected override DbConnection CreateDbConnection() => _source.CreateConnection();

    protected override DbCommand CreateDbCommand(string? commandText = null) => _source.CreateCommand(commandText);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _source.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
