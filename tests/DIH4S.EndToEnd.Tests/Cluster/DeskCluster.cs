using System.Net.Http.Headers;
using DIH4S.EndToEnd.Tests.Infrastructure;
using DIH4S.Tests.Shared;

namespace DIH4S.EndToEnd.Tests.Cluster;

/// <summary>
/// Published desks as separate processes forming one Orleans cluster on one PostgreSQL database (issue 11),
/// as <c>infra/cluster/up.sh</c> starts them: each its own HTTP, silo and gateway ports, all sharing the
/// key-ring certificate (the keys themselves are in the database). Nodes can be killed, stopped and started.
/// </summary>
public sealed class DeskCluster : IAsyncDisposable
{
    private readonly string _published;
    private readonly string _dataDirectory;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly PublishedDesk?[] _nodes;

    private DeskCluster(string published, string dataDirectory, IReadOnlyDictionary<string, string> settings, int size)
    {
        _published = published;
        _dataDirectory = dataDirectory;
        _settings = settings;
        _nodes = new PublishedDesk?[size];
    }

    public int Size => _nodes.Length;

    /// <summary>Node <paramref name="index"/> (0-based); it must be running.</summary>
    public PublishedDesk this[int index] => _nodes[index] ?? throw new InvalidOperationException($"Node {index + 1} is not running.");

    /// <summary>The running nodes' addresses.</summary>
    public IReadOnlyList<Uri> Addresses => [.. _nodes.OfType<PublishedDesk>().Where(n => !n.HasExited).Select(n => n.Address)];

    /// <summary>Starts <paramref name="size"/> nodes at once on a fresh database of <paramref name="postgres"/>.</summary>
    public static async Task<DeskCluster> StartAsync(
        TestPostgres postgres, int size = 3, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var published = await DeskPublisher.PublishAsync();
        var database = await postgres.CreateDatabaseAsync("cluster");
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Storage__Provider"] = "postgres",
            ["Storage__ConnectionString"] = database,
            ["Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Quotas__WritesPerMinute"] = "100000",
            ["Quotas__HubConnectionsPerUser"] = "1000",
            ["Logging__LogLevel__DIH4S"] = "Information",
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
        };
        var cluster = new DeskCluster(published, Path.Combine(Path.GetTempPath(), "dih4s-e2e", $"cluster-{Guid.NewGuid():N}"), all, size);
        Directory.CreateDirectory(cluster._dataDirectory);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, size).Select(cluster.StartNodeAsync));
        }
        catch
        {
            // The nodes that did start would outlive the test otherwise.
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Starts node <paramref name="index"/> anew (new ports, same database) and returns once it answers.</summary>
    public async Task StartNodeAsync(int index)
    {
        if (_nodes[index] is { } old)
        {
            _nodes[index] = null;
            await SaveLogAsync(old, index);
            await old.DisposeAsync();
        }

        var settings = new Dictionary<string, string>(_settings)
        {
            ["Cluster__SiloPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _nodes[index] = await PublishedDesk.StartAsync(_published, _dataDirectory, settings);
    }

    /// <summary>Keeps a node's console output beside the test assembly (<c>cluster-logs/</c>), for a failure's post-mortem.</summary>
    private async Task SaveLogAsync(PublishedDesk node, int index)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "cluster-logs", Path.GetFileName(_dataDirectory));
        Directory.CreateDirectory(folder);
        await File.AppendAllTextAsync(Path.Combine(folder, $"node-{index + 1}.log"), node.Log);
    }

    /// <summary><c>kill -9</c> of node <paramref name="index"/>.</summary>
    public Task KillAsync(int index) => this[index].KillAsync();

    /// <summary>A graceful stop of node <paramref name="index"/> (SIGTERM), as systemd or Kubernetes does.</summary>
    public Task StopAsync(int index) => this[index].StopAsync();

    /// <summary>A person's client on another node: the same access token, another address.</summary>
    public static Person Through(Person person, Uri address)
    {
        ArgumentNullException.ThrowIfNull(person);
        var http = new HttpClient { BaseAddress = address, Timeout = person.Http.Timeout };
        http.DefaultRequestHeaders.Authorization = person.Http.DefaultRequestHeaders.Authorization is { } auth
            ? new AuthenticationHeaderValue(auth.Scheme, auth.Parameter)
            : null;
        return person with { Http = http };
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i] is { } node)
            {
                await SaveLogAsync(node, i);
                await node.DisposeAsync();
            }
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a dying process: it is under the temp folder
        }
    }
}
