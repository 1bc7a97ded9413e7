using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace DIH4S.Grains.Storage;

/// <summary>
/// The desk's one SQLite file, as every part of the node opens it: the Orleans providers (grain state,
/// reminders) through this <see cref="DbDataSource"/>, the lists through <see cref="OpenAsync"/> (ADR 0017).
/// <list type="bullet">
/// <item>Writes take turns on <see cref="WriteGate"/> inside the process. SQLite admits one writer at a
/// time; left to themselves, concurrent writers meet <c>SQLITE_BUSY</c>, which Microsoft.Data.Sqlite
/// answers by sleeping 150 ms before retrying — the lone create's 155 ms. Queued on the gate, a write
/// waits only for the writes ahead of it.</item>
/// <item>Every connection runs with <c>synchronous</c> as configured (<see cref="SqliteSynchronous"/>)
/// and a busy timeout, for the rare writer from outside the process (an operator's shell).</item>
/// </list>
/// </summary>
public sealed class SqliteDatabase : DbDataSource, IDeskDatabase
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteDatabase(string connectionString, SqliteSynchronous synchronous = SqliteSynchronous.Normal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        Synchronous = synchronous;
        _pragmas = $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()}; PRAGMA busy_timeout = 10000;";
    }

    public SqliteSynchronous Synchronous { get; }

    /// <summary>Held by one write at a time, for the duration of its statement or transaction.</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    public override string ConnectionString => _connectionString;

    /// <summary>An open connection with the desk's settings.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = (SqliteConnection)CreateDbConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction, holding the gate throughout.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            WriteGate.Release();
        }
    }

    string IDeskDatabase.Engine => SqlScripts.Sqlite;

    async Task<T> IDeskDatabase.ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await read(connection).ConfigureAwait(false);
    }

    Task<T> IDeskDatabase.WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync<T>((connection, transaction) => work(connection, transaction), cancellationToken);

    protected override DbConnection CreateDbConnection() => new GatedConnection(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            WriteGate.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Whether a statement writes: it starts with <c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c> or <c>REPLACE</c>
    /// (as every write of the Orleans scripts does). Transaction control (<c>BEGIN</c>, <c>COMMIT</c>) is
    /// not gated: the writer that holds a transaction holds the gate already.
    /// </summary>
    internal static bool MayWrite(string? commandText)
    {
        var text = (commandText ?? "").AsSpan().TrimStart();
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }

    private sealed class GatedConnection(SqliteDatabase database) : SqliteConnection(database._connectionString)
    {
        public SqliteDatabase Owner { get; } = database;

        public override void Open()
        {
            base.Open();
            using var command = base.CreateCommand();
            command.CommandText = Owner._pragmas;
            command.ExecuteNonQuery();
        }

        public override SqliteCommand CreateCommand() => new GatedCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };
    }

    /// <summary>
    /// A command from outside a transaction of ours (the Orleans providers run one statement per
    /// connection) takes the gate when it may write, runs to completion, and hands back its results
    /// buffered, so the gate is never held by a reader left open.
    /// </summary>
    [SuppressMessage("Security", "CA2100", Justification = "The text is the caller's; this only wraps execution.")]
    private sealed class GatedCommand : SqliteCommand
    {
        private SemaphoreSlim? GateFor() =>
            Transaction is null && Connection is GatedConnection gated && MayWrite(CommandText) ? gated.Owner.WriteGate : null;

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            if (GateFor() is not { } gate)
            {
                return base.ExecuteDbDataReader(behavior);
            }

            gate.Wait();
            try
            {
                return Buffer(base.ExecuteDbDataReader(behavior));
            }
            finally
            {
                gate.Release();
            }
        }

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            if (GateFor() is not { } gate)
            {
                return await base.ExecuteDbDataReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
            }

            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return Buffer(base.ExecuteDbDataReader(behavior));
            }
            finally
            {
                gate.Release();
            }
        }

        public override int ExecuteNonQuery()
        {
            if (GateFor() is not { } gate)
            {
                return base.ExecuteNonQuery();
            }

            gate.Wait();
            try
            {
                return base.ExecuteNonQuery();
            }
            finally
            {
                gate.Release();
            }
        }

        public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        {
            if (GateFor() is not { } gate)
            {
                return base.ExecuteNonQuery();
            }

            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return base.ExecuteNonQuery();
            }
            finally
            {
                gate.Release();
            }
        }

        public override object? ExecuteScalar()
        {
            using var reader = ExecuteDbDataReader(CommandBehavior.Default);
            return reader.Read() ? reader.GetValue(0) : null;
        }

        public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
        {
            await using var reader = await ExecuteDbDataReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetValue(0) : null;
        }

        /// <summary>Reads every result set to the end (the statements run and commit), then closes the live reader.</summary>
        private static BufferedReader Buffer(DbDataReader reader)
        {
            using (reader)
            {
                var results = new List<BufferedReader.Result>();
                do
                {
                    var names = new string[reader.FieldCount];
                    for (var i = 0; i < names.Length; i++)
                    {
                        names[i] = reader.GetName(i);
                    }

                    var rows = new List<object[]>();
                    while (reader.Read())
                    {
                        var values = new object[names.Length];
                        reader.GetValues(values);
                        rows.Add(values);
                    }

                    results.Add(new BufferedReader.Result(names, rows));
                }
                while (reader.NextResult());

                return new BufferedReader(results, reader.RecordsAffected);
            }
        }
    }
}

/// <summary>SQLite's <c>synchronous</c> setting for the desk's file, in WAL mode (ADR 0017).</summary>
public enum SqliteSynchronous
{
    /// <summary>A commit is durable against a process kill; a power cut can undo the last ones (never corrupts).</summary>
    Normal,

    /// <summary>A commit is on the disk before it returns: durable against a power cut, several times slower.</summary>
    Full,
}
