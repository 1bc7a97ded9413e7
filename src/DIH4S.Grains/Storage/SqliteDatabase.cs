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
/// <item>Every write runs on one connection the database holds open, the <em>writer</em>, with its
/// statements kept prepared: Microsoft.Data.Sqlite keeps a statement compiled for as long as its command
/// object lives, and the Orleans providers and Dapper make a new command for every call, so on a pooled
/// connection every write was compiled again. The writer keeps one command per statement text.</item>
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

    /// <summary>
    /// The WAL's size, in pages, at which the writer copies it into the file itself after a commit (SQLite's
    /// <c>wal_autocheckpoint</c>; its default is 1,000). Below it, <see cref="CheckpointAsync"/> does that copying
    /// outside the gate; this is the bound on the WAL if nobody calls it, and what lets the WAL start over
    /// under a steady stream of writes (ADR 0017).
    /// </summary>
    public const int WriterCheckpointPages = 10_000;

    /// <summary>At most this many statement texts are kept prepared; others are compiled for each use.</summary>
    internal const int PreparedLimit = 64;

    private long _writes;

    // Both held under WriteGate.
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private GatedConnection? _writer;

    public SqliteSynchronous Synchronous { get; }

    /// <summary>Held by one write at a time, for the duration of its statement or transaction.</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>Writes committed since the database was opened: autocommitted statements and transactions.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>How many statement texts the writer holds prepared (for tests).</summary>
    internal int PreparedCount => _prepared.Count;

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
        await WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = Writer();
            try
            {
                await using var transaction = (SqliteTransaction)await writer.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var result = await work(writer, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _writes);
                return result;
            }
            catch
            {
                CloseWriter();
                throw;
            }
        }
        finally
        {
            WriteGate.Release();
        }
    }

    /// <summary>The writer, opened on first use. Only under <see cref="WriteGate"/>.</summary>
    private GatedConnection Writer()
    {
        if (_writer is null)
        {
            var writer = new GatedConnection(this) { IsWriter = true };
            writer.Open();
            using (var command = new SqliteCommand($"PRAGMA wal_autocheckpoint = {WriterCheckpointPages}", writer))
            {
                command.ExecuteNonQuery();
            }

            _writer = writer;
        }

        return _writer;
    }

    /// <summary>
    /// Closes the writer and forgets its statements; the next write opens it again. After any failed write,
    /// so that nothing a failure may have left behind (an open statement, a transaction) meets the next one.
    /// </summary>
    private void CloseWriter()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>
    /// Runs <paramref name="source"/>'s statement on the writer, with the writer's prepared command for
    /// that text and <paramref name="source"/>'s parameters. Only under <see cref="WriteGate"/>.
    /// </summary>
    private T OnWriter<T>(GatedCommand source, Func<SqliteCommand, T> run)
    {
        var writer = Writer();
        var text = source.CommandText;
        var kept = _prepared.TryGetValue(text, out var command);
        if (!kept)
        {
            command = new SqliteCommand(text, writer);
            if (_prepared.Count < PreparedLimit)
            {
                _prepared.Add(text, command);
                kept = true;
            }
        }

        command!.Transaction = source.Transaction;
        command.CommandTimeout = source.CommandTimeout;
        foreach (SqliteParameter parameter in source.Parameters)
        {
            command.Parameters.Add(parameter);
        }

        try
        {
            var result = run(command);
            if (source.Transaction is null && MayWrite(text))
            {
                // An autocommitted write (a transaction's BEGIN also runs without one: it is counted at its commit).
                Interlocked.Increment(ref _writes);
            }

            return result;
        }
        catch when (source.Transaction is null)
        {
            // Inside a transaction, WriteAsync closes the writer once the transaction is rolled back.
            CloseWriter();
            throw;
        }
        finally
        {
            command.Parameters.Clear();
            if (!kept)
            {
                command.Dispose();
            }
        }
    }

    /// <summary>Takes the gate, then runs <paramref name="source"/>'s statement on the writer.</summary>
    private T GatedOnWriter<T>(GatedCommand source, Func<SqliteCommand, T> run)
    {
        WriteGate.Wait();
        try
        {
            return OnWriter(source, run);
        }
        finally
        {
            WriteGate.Release();
        }
    }

    /// <inheritdoc cref="GatedOnWriter"/>
    private async Task<T> GatedOnWriterAsync<T>(GatedCommand source, Func<SqliteCommand, T> run, CancellationToken cancellationToken)
    {
        await WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return OnWriter(source, run);
        }
        finally
        {
            WriteGate.Release();
        }
    }

    /// <summary>
    /// Copies the WAL's committed pages into the database file (a <c>PASSIVE</c> checkpoint), on a connection
    /// of its own, without taking the gate: writes go on meanwhile. SQLite would otherwise do this on the
    /// writer after every commit that finds 1,000 pages in the WAL, holding every other write up for the copy.
    /// </summary>
    public async Task<SqliteCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new SqliteCheckpoint(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
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
            CloseWriter();
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

        /// <summary>Whether this is the database's writer, whose commands run prepared (the gate is held).</summary>
        public bool IsWriter { get; init; }

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
    /// A command on the writer (inside <see cref="WriteAsync"/>) runs with the writer's prepared statement.
    /// A command from outside a transaction of ours (the Orleans providers run one statement per pooled
    /// connection) that may write takes the gate and runs on the writer the same way. Either hands back
    /// its results buffered, so the gate is never held by a reader left open. Reads run where they are.
    /// </summary>
    [SuppressMessage("Security", "CA2100", Justification = "The text is the caller's; this only wraps execution.")]
    private sealed class GatedCommand : SqliteCommand
    {
        private static readonly Func<SqliteCommand, int> NonQuery = command => command.ExecuteNonQuery();

        private SqliteDatabase Owner => ((GatedConnection)Connection!).Owner;

        /// <summary>On the writer: the gate is held (inside <see cref="WriteAsync"/>).</summary>
        private bool OnWriter => Connection is GatedConnection { IsWriter: true };

        /// <summary>A write from outside a transaction of ours: it takes the gate and runs on the writer.</summary>
        private bool GatedWrite => !OnWriter && Transaction is null && Connection is GatedConnection && MayWrite(CommandText);

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
            OnWriter ? Owner.OnWriter(this, Reader(behavior))
            : GatedWrite ? Finish(Owner.GatedOnWriter(this, Reader(behavior)), behavior)
            : base.ExecuteDbDataReader(behavior);

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            OnWriter ? Owner.OnWriter(this, Reader(behavior))
            : GatedWrite ? Finish(await Owner.GatedOnWriterAsync(this, Reader(behavior), cancellationToken).ConfigureAwait(false), behavior)
            : await base.ExecuteDbDataReaderAsync(behavior, cancellationToken).ConfigureAwait(false);

        public override int ExecuteNonQuery() =>
            OnWriter ? Owner.OnWriter(this, NonQuery)
            : GatedWrite ? Owner.GatedOnWriter(this, NonQuery)
            : base.ExecuteNonQuery();

        public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
            GatedWrite ? await Owner.GatedOnWriterAsync(this, NonQuery, cancellationToken).ConfigureAwait(false) : ExecuteNonQuery();

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

        /// <summary>Runs the statement to the end and buffers its results; the writer's connection stays open.</summary>
        private static Func<SqliteCommand, BufferedReader> Reader(CommandBehavior behavior) =>
            command => Buffer(command.ExecuteReader(behavior & ~CommandBehavior.CloseConnection));

        /// <summary>A caller that asked for its connection to close with the reader has it closed now: the reader is done.</summary>
        private BufferedReader Finish(BufferedReader results, CommandBehavior behavior)
        {
            if (behavior.HasFlag(CommandBehavior.CloseConnection))
            {
                Connection?.Close();
            }

            return results;
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
                    var types = new Type[names.Length];
                    for (var i = 0; i < names.Length; i++)
                    {
                        names[i] = reader.GetName(i);
                        types[i] = reader.GetFieldType(i);
                    }

                    var rows = new List<object[]>();
                    while (reader.Read())
                    {
                        var values = new object[names.Length];
                        reader.GetValues(values);
                        rows.Add(values);
                    }

                    results.Add(new BufferedReader.Result(names, types, rows));
                }
                while (reader.NextResult());

                return new BufferedReader(results, reader.RecordsAffected);
            }
        }
    }
}

/// <summary>What a checkpoint found: whether it could not run (<paramref name="Busy"/>), the WAL's pages, and how many of them are now in the file.</summary>
public readonly record struct SqliteCheckpoint(bool Busy, long WalPages, long CopiedPages);

/// <summary>SQLite's <c>synchronous</c> setting for the desk's file, in WAL mode (ADR 0017).</summary>
public enum SqliteSynchronous
{
    /// <summary>A commit is durable against a process kill; a power cut can undo the last ones (never corrupts).</summary>
    Normal,

    /// <summary>A commit is on the disk before it returns: durable against a power cut, several times slower.</summary>
    Full,
}
