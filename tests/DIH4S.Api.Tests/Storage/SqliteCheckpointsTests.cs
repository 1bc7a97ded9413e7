using Dapper;
using DIH4S.Api.Storage;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Grains.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DIH4S.Api.Tests.Storage;

/// <summary>The WAL is copied into the file on a timer, outside the write gate, and a failure is said once (ADR 0017).</summary>
public sealed class SqliteCheckpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);
    private readonly string _path = DeskFactory.NewDatabasePath();
    private readonly FakeTimeProvider _time = new();
    private readonly LogRecorder _logs = new();
    private readonly ILoggerFactory _loggers;
    private SqliteDatabase _database = null!;
    private SqliteCheckpoints _checkpoints = null!;

    public SqliteCheckpointsTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    private string Folder => Path.GetDirectoryName(_path)!;

    public async Task InitializeAsync()
    {
        SqliteSchema.Apply($"Data Source={_path}");
        _database = new SqliteDatabase($"Data Source={_path}");
        _checkpoints = new SqliteCheckpoints(_database, _time, _loggers.CreateLogger<SqliteCheckpoints>());
        await _checkpoints.StartAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(0, 3600, false)] // idle: no copy, no disk syncs
    [InlineData(1, 0.1, false)]
    [InlineData(1, 1, true)] // a quiet node: within a second of a write
    [InlineData(199, 0.5, false)]
    [InlineData(200, 0.1, true)] // a busy node: at the next interval
    public void ACopyIsDueAfterManyWritesOrASecondAfterAFew(long writes, double seconds, bool due) =>
        SqliteCheckpoints.Due(writes, TimeSpan.FromSeconds(seconds)).ShouldBe(due);

    [Fact]
    public async Task AFewWritesAreCopiedWithinASecondWhileAWriteHoldsTheGate()
    {
        await _database.WriteAsync((connection, transaction) =>
            connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a'), ('b')", transaction: transaction));
        var done = Next();

        await _database.WriteGate.WaitAsync(); // a long write in progress
        try
        {
            for (var waited = TimeSpan.Zero; waited < SqliteCheckpoints.QuietInterval; waited += SqliteCheckpoints.Interval)
            {
                done.Task.IsCompleted.ShouldBeFalse();
                _time.Advance(SqliteCheckpoints.Interval);
            }

            var checkpoint = await done.Task.WaitAsync(Bounded);
            checkpoint.Busy.ShouldBeFalse();
            checkpoint.WalPages.ShouldBeGreaterThan(0);
            checkpoint.CopiedPages.ShouldBe(checkpoint.WalPages);
        }
        finally
        {
            _database.WriteGate.Release();
        }
    }

    [Fact]
    public async Task ManyWritesAreCopiedAtTheNextInterval()
    {
        await _database.WriteAsync((connection, transaction) => connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", transaction: transaction));
        for (var i = 0; i < SqliteCheckpoints.BusyWrites; i++)
        {
            await using var connection = await _database.OpenConnectionAsync();
            await connection.ExecuteAsync("INSERT INTO t (v) VALUES ('x')");
        }

        var done = Next();
        _time.Advance(SqliteCheckpoints.Interval);
        var checkpoint = await done.Task.WaitAsync(Bounded);
        checkpoint.CopiedPages.ShouldBe(checkpoint.WalPages);
        checkpoint.WalPages.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task TheWriterCopiesTheWalItselfOnlyAtTheBackstop()
    {
        (await _database.WriteAsync((connection, transaction) => connection.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint", transaction: transaction)))
            .ShouldBe(SqliteDatabase.WriterCheckpointPages);
    }

    [Fact]
    public async Task AFailureIsSaidOnceAndItsEndOnce()
    {
        await _database.WriteAsync((connection, transaction) => connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY)", transaction: transaction));
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true); // the file can no longer be opened
        using var failed = new SemaphoreSlim(0);
        _checkpoints.Failed += _ => failed.Release();

        _time.Advance(SqliteCheckpoints.QuietInterval);
        (await failed.WaitAsync(Bounded)).ShouldBeTrue();
        _time.Advance(SqliteCheckpoints.Interval); // tried again at the next interval
        (await failed.WaitAsync(Bounded)).ShouldBeTrue();

        _logs.Messages(LogLevel.Warning).Count(m => m.Contains("failed", StringComparison.Ordinal)).ShouldBe(1);
        _logs.Entries.ShouldNotContain(e => e.Level == LogLevel.Information);

        Directory.CreateDirectory(Folder);
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _checkpoints.Checkpointed += _ => ran.TrySetResult();
        _time.Advance(SqliteCheckpoints.Interval);
        await ran.Task.WaitAsync(Bounded);
        _logs.Entries.Count(e => e.Level == LogLevel.Information && e.Message.Contains("works again", StringComparison.Ordinal)).ShouldBe(1);
    }

    private TaskCompletionSource<SqliteCheckpoint> Next()
    {
        var done = new TaskCompletionSource<SqliteCheckpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        _checkpoints.Checkpointed += checkpoint => done.TrySetResult(checkpoint);
        return done;
    }

    public async Task DisposeAsync()
    {
        await _checkpoints.StopAsync(CancellationToken.None);
        _checkpoints.Dispose();
        _database.Dispose();
        _loggers.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
