namespace DIH4S.Api.Hosting;

/// <summary>Where state lives (API.md: <c>Storage__Provider</c>, <c>Storage__ConnectionString</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;

    public string ConnectionString { get; set; } = "Data Source=data/dih4s.db";

    /// <summary>SQLite's <c>synchronous</c>: <c>normal</c> (durable against a process kill) or <c>full</c> (also against a power cut); ADR 0017.</summary>
    public DIH4S.Grains.Storage.SqliteSynchronous Synchronous { get; set; } = DIH4S.Grains.Storage.SqliteSynchronous.Normal;
}

/// <summary>The silo inside this node.</summary>
public sealed class SiloOptions
{
    public const string Section = "Orleans";

    /// <summary>Names the stored data: rows of another ServiceId are invisible. Never change it on a running hub.</summary>
    public string ServiceId { get; set; } = "dih4s-desk";

    public string ClusterId { get; set; } = "dih4s";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>For a second node on the embedded (localhost) clustering: the silo port of the first node.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>The smallest reminder period Orleans accepts; tests lower it to drive timers quickly.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
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
