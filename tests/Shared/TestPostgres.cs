using System.Diagnostics;
using Npgsql;

namespace DIH4S.Tests.Shared;

/// <summary>
/// A PostgreSQL server for tests (issue 11). With <c>DESK_TEST_POSTGRES</c> set, the server that connection
/// string names; otherwise a private instance of the installed PostgreSQL (Debian's <c>postgresql</c>
/// package, which <c>.ci/run</c> installs): <c>initdb</c> into a temporary folder, started on a free
/// loopback port with its socket in that folder, stopped and deleted by <see cref="DisposeAsync"/>.
/// Without either, <see cref="StartAsync"/> fails saying how to get one: these tests never skip.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "DESK_TEST_POSTGRES";

    private readonly string? _folder;
    private readonly string? _bin;
    private int _databases;

    private TestPostgres(string serverConnectionString, string? folder, string? bin, int port)
    {
        ServerConnectionString = serverConnectionString;
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    /// <summary>A connection string to the server's <c>postgres</c> database.</summary>
    public string ServerConnectionString { get; }

    public int Port { get; }

    /// <summary>Whether this is a private instance the tests may stop and start (outage tests).</summary>
    public bool IsPrivate => _folder is not null;

    private string DataFolder => Path.Combine(_folder!, "data");

    public static async Task<TestPostgres> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            var builder = new NpgsqlConnectionStringBuilder(given) { Database = "postgres" };
            return new TestPostgres(builder.ConnectionString, null, null, builder.Port);
        }

        var bin = FindBin() ?? throw new InvalidOperationException(
            "These tests need PostgreSQL 15 or later, and none is installed. Install it with "
            + "'sudo apt-get install postgresql' (.ci/run does this on CI), or set "
            + $"{Variable} to a server's connection string, e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Password=...'.");
        var folder = Path.Combine(Path.GetTempPath(), $"dih4s-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the server runs as Debian's postgres user.
            await RunAsync("chown", $"postgres \"{folder}\"");
        }

        var port = TestPorts.Free();
        var instance = new TestPostgres(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=30",
            folder,
            bin,
            port);
        await instance.RunPgAsync("initdb", $"-D \"{instance.DataFolder}\" -U postgres --auth=trust -E UTF8 --no-sync");
        await instance.StartServerAsync();
        return instance;
    }

    /// <summary>A new, empty database on the server; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "desk")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the private server at once (as a crash would), keeping its data.</summary>
    public Task StopServerAsync()
    {
        RequirePrivate();
        NpgsqlConnection.ClearAllPools();
        return RunPgAsync("pg_ctl", $"stop -D \"{DataFolder}\" -m immediate -w");
    }

    /// <summary>Starts the private server and returns once it accepts connections.</summary>
    public Task StartServerAsync()
    {
        RequirePrivate();
        var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {_folder} -c fsync=off -c full_page_writes=off -c max_connections=300";
        return RunPgAsync("pg_ctl", $"start -D \"{DataFolder}\" -w -t 60 -l \"{Path.Combine(_folder!, "server.log")}\" -o \"{options}\"");
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPgAsync("pg_ctl", $"stop -D \"{DataFolder}\" -m immediate -w");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (an outage test left it down).
        }

        Directory.Delete(_folder, recursive: true);
    }

    private void RequirePrivate()
    {
        if (_folder is null)
        {
            throw new InvalidOperationException($"Stopping the server needs the private instance: unset {Variable}.");
        }
    }

    private Task RunPgAsync(string tool, string arguments)
    {
        var path = Path.Combine(_bin!, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", $"-u postgres -- \"{path}\" {arguments}")
            : RunAsync(path, arguments);
    }

    private static string? FindBin()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
            .Where(d => d.Version >= 15 && File.Exists(Path.Combine(d.Bin, "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Bin)
            .FirstOrDefault();
    }

    private static async Task RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

}
