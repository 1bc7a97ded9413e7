namespace DIH4S.Api.Hosting;

/// <summary>Where state lives (API.md: <c>Storage__Provider</c>, <c>Storage__ConnectionString</c>; ADR 0002, 0019).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (one node, the embedded default) or <c>postgres</c> (a cluster).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>A Microsoft.Data.Sqlite connection string, or an Npgsql one for <c>postgres</c>.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/dih4s.db";

    /// <summary>SQLite's <c>synchronous</c>: <c>normal</c> (durable against a process kill) or <c>full</c> (also against a power cut); ADR 0017.</summary>
    public DIH4S.Grains.Storage.SqliteSynchronous Synchronous { get; set; } = DIH4S.Grains.Storage.SqliteSynchronous.Normal;

    /// <summary>Whether the node applies the schema at start (idempotent; under an advisory lock on PostgreSQL). False: operators run <c>schema apply</c>.</summary>
    public bool ApplySchema { get; set; } = true;

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The Orleans cluster this node belongs to (<c>Cluster</c> section; the former <c>Orleans</c> section is still read).</summary>
public sealed class DeskClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>The section's name before issue 11; read first, so <c>Cluster</c> wins where both are set.</summary>
    public const string FormerSection = "Orleans";

    /// <summary>Names the stored data: rows of another ServiceId are invisible. Never change it on a running hub.</summary>
    public string ServiceId { get; set; } = "dih4s-desk";

    /// <summary>Silos of one ClusterId form one cluster; a new ClusterId starts a new membership (a blue/green switch).</summary>
    public string ClusterId { get; set; } = "dih4s";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The IP address other silos and clients reach this one on. Unset: Orleans picks this host's first address (loopback for the embedded default).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>For a second node on the embedded (localhost) clustering: the silo port of the first node.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>The smallest reminder period Orleans accepts; tests lower it to drive timers quickly.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often idle grains are collected (Orleans' <c>GrainCollectionOptions.CollectionQuantum</c>, one minute
    /// there): each collection deactivates every grain whose idle time ran out since the last one, together,
    /// so a shorter quantum spreads the work into smaller bursts (ADR 0017, "Idle grains leave in small bursts").
    /// </summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a service request's grain stays in memory after its last call (Orleans' collection age for that
    /// class; every other grain keeps Orleans' 15 minutes). A request is called a few times a day; a burst of
    /// activity over many requests would otherwise keep them all for 15 minutes, in a heap the garbage collector
    /// pauses the node to scan (ADR 0017, "Request grains leave after two idle minutes").
    /// </summary>
    public TimeSpan RequestCollectionAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>In a Kubernetes pod: Orleans' Kubernetes hosting takes the pod's name, IP and labels (docs/operations/cluster.md).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Reads the section, the former name first.</summary>
    public static DeskClusterOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new DeskClusterOptions();
        configuration.GetSection(FormerSection).Bind(options);
        configuration.GetSection(Section).Bind(options);
        return options;
    }
}

/// <summary>What this node runs (<c>Node</c> section).</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";
    public const string All = "all";
    public const string ApiOnly = "api";

    /// <summary><c>all</c>: API and silo in one process (the default). <c>api</c>: the HTTP and SignalR front only, an Orleans client of the silo nodes.</summary>
    public string Role { get; set; } = All;

    public bool IsApiOnly => string.Equals(Role, ApiOnly, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Token lifetimes.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>The coordinator created at start when no such user exists (API.md: <c>Bootstrap__*</c>).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}

/// <summary>How the desk is reached from outside (<c>Desk</c> section).</summary>
public sealed class DeskOptions
{
    public const string Section = "Desk";

    /// <summary>
    /// The desk's public base URL (<c>https://desk.example.org/</c>), used for links handed out to be
    /// opened elsewhere, such as calendar-feed links; never taken from a request's Host header. Unset:
    /// such links are relative to the desk (<c>/api/...</c>).
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Whether <see cref="PublicUrl"/> is unset or an absolute http(s) URL without query or fragment.</summary>
    public bool IsValid() =>
        PublicUrl is null
        || (PublicUrl.IsAbsoluteUri && (PublicUrl.Scheme == Uri.UriSchemeHttps || PublicUrl.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(PublicUrl.Query) && string.IsNullOrEmpty(PublicUrl.Fragment));
}
