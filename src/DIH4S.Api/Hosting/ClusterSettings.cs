using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace DIH4S.Api.Hosting;

/// <summary>
/// Checks the storage, cluster and node settings together before anything starts (issue 11): a node
/// with a wrong setting stops at once with every problem named, instead of failing later and obscurely.
/// </summary>
public static partial class ClusterSettings
{
    /// <summary>The problems with the settings, in words an operator can act on; empty when they are fine.</summary>
    public static IReadOnlyList<string> Problems(StorageOptions storage, DeskClusterOptions cluster, NodeOptions node)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(node);
        var problems = new List<string>();
        var sqlite = string.Equals(storage.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
        if (!sqlite && !storage.IsPostgres)
        {
            problems.Add($"Storage:Provider '{storage.Provider}' is unknown: use '{StorageOptions.Sqlite}' (one node, embedded) or '{StorageOptions.Postgres}' (a cluster).");
        }

        if (string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            problems.Add("Storage:ConnectionString is empty.");
        }
        else if (storage.IsPostgres && PostgresProblem(storage.ConnectionString) is { } problem)
        {
            problems.Add(problem);
        }

        CheckName(problems, "Cluster:ServiceId", cluster.ServiceId);
        CheckName(problems, "Cluster:ClusterId", cluster.ClusterId);
        CheckPort(problems, "Cluster:SiloPort", cluster.SiloPort);
        CheckPort(problems, "Cluster:GatewayPort", cluster.GatewayPort);
        if (cluster.SiloPort == cluster.GatewayPort)
        {
            problems.Add($"Cluster:SiloPort and Cluster:GatewayPort are both {cluster.SiloPort}: each needs its own port.");
        }

        if (cluster.AdvertisedAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            problems.Add($"Cluster:AdvertisedAddress '{address}' is not an IP address (Orleans advertises addresses, not host names).");
        }

        if (cluster.PrimarySiloPort is { } primary)
        {
            if (!sqlite)
            {
                problems.Add("Cluster:PrimarySiloPort is for the embedded (SQLite) clustering only: on PostgreSQL, silos find each other in the membership table.");
            }
            else
            {
                CheckPort(problems, "Cluster:PrimarySiloPort", primary);
            }
        }

        if (cluster.Kubernetes && !storage.IsPostgres)
        {
            problems.Add($"Cluster:Kubernetes needs Storage:Provider '{StorageOptions.Postgres}': pods of a Deployment form a cluster through the membership table.");
        }

        if (cluster.MinimumReminderPeriod <= TimeSpan.Zero)
        {
            problems.Add("Cluster:MinimumReminderPeriod must be positive.");
        }

        if (cluster.CollectionQuantum <= TimeSpan.Zero || cluster.CollectionQuantum > TimeSpan.FromMinutes(5))
        {
            problems.Add($"Cluster:CollectionQuantum {cluster.CollectionQuantum} must be positive and at most 00:05:00 (idle grains are collected after 15 minutes).");
        }
        else if (cluster.RequestCollectionAge <= cluster.CollectionQuantum)
        {
            problems.Add($"Cluster:RequestCollectionAge {cluster.RequestCollectionAge} must be longer than Cluster:CollectionQuantum ({cluster.CollectionQuantum}): idle grains are looked for once per quantum.");
        }

        if (!node.IsApiOnly && !string.Equals(node.Role, NodeOptions.All, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Node:Role '{node.Role}' is unknown: use '{NodeOptions.All}' (API and silo, the default) or '{NodeOptions.ApiOnly}' (the HTTP front only).");
        }
        else if (node.IsApiOnly && !storage.IsPostgres)
        {
            problems.Add($"Node:Role '{NodeOptions.ApiOnly}' needs Storage:Provider '{StorageOptions.Postgres}': the front finds the silos in the cluster's membership table.");
        }

        return problems;
    }

    /// <summary>Throws with every problem when there is one.</summary>
    public static void Check(StorageOptions storage, DeskClusterOptions cluster, NodeOptions node)
    {
        var problems = Problems(storage, cluster, node);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "The node's settings are not usable:" + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}")));
        }
    }

    private static string? PostgresProblem(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host)
                ? "Storage:ConnectionString names no Host: for example 'Host=127.0.0.1;Port=5432;Username=dih4s;Password=...;Database=dih4s'."
                : null;
        }
        catch (ArgumentException e)
        {
            return $"Storage:ConnectionString is not a PostgreSQL connection string: {e.Message}";
        }
    }

    private static void CheckName(List<string> problems, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 150 || !NamePattern().IsMatch(value))
        {
            problems.Add($"{setting} '{value}' must be 1 to 150 letters, digits, '.', '_' or '-'.");
        }
    }

    private static void CheckPort(List<string> problems, string setting, int port)
    {
        if (port is < 1 or > 65535)
        {
            problems.Add($"{setting} {port} is not a TCP port (1 to 65535).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
