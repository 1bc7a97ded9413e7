using System.Net;

namespace DIH4S.Api.Identity;

/// <summary>
/// The built-in coordinator of local development (README quick start): it exists only on a node in the
/// Development environment that listens on loopback addresses alone (ADR 0014). An operator's
/// <c>Bootstrap:AdminEmail</c> / <c>Bootstrap:AdminPassword</c> is a different thing and works everywhere.
/// </summary>
public sealed class DevelopmentCoordinator
{
    public const string Email = "admin@dih4s.local";
    public const string Password = "change-me-now-please";
    public const string DisplayName = "Development coordinator";

    /// <summary>Whether this node offers the development coordinator.</summary>
    public enum Decision
    {
        /// <summary>Development environment, every listening address loopback: it exists.</summary>
        Offered,

        /// <summary>Not the Development environment.</summary>
        NotDevelopment,

        /// <summary>Development, but some listening address reaches beyond this machine (or none is known).</summary>
        NotLoopback,
    }

    /// <summary>What this node decided at start; until then, <see cref="Decision.NotDevelopment"/> (nothing offered).</summary>
    public Decision Current { get; private set; } = Decision.NotDevelopment;

    /// <summary>Records the node's decision (once the server listens).</summary>
    public void Decided(Decision decision) => Current = decision;

    /// <summary>
    /// Whether these are the built-in development credentials while this node does not offer them: they
    /// then do not sign in, also when a database from a development run holds the account.
    /// </summary>
    public bool Refuses(string email, string password) =>
        Current != Decision.Offered
        && string.Equals(email.Trim(), Email, StringComparison.OrdinalIgnoreCase)
        && password == Password;

    /// <summary>Offered only in the Development environment, and only when every address the node listens on is loopback.</summary>
    public static Decision Decide(IHostEnvironment environment, IReadOnlyCollection<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(addresses);
        if (!environment.IsDevelopment())
        {
            return Decision.NotDevelopment;
        }

        return addresses.Count > 0 && addresses.All(IsLoopback) ? Decision.Offered : Decision.NotLoopback;
    }

    /// <summary>
    /// Whether a listening address (<c>http://127.0.0.1:5080</c>, <c>http://localhost:5080</c>,
    /// <c>http://[::1]:5080</c>) is reachable from this machine only. Wildcards (<c>*</c>, <c>+</c>,
    /// <c>0.0.0.0</c>, <c>[::]</c>) and names other than <c>localhost</c> are not.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var separator = address.IndexOf("://", StringComparison.Ordinal);
        var rest = separator < 0 ? address : address[(separator + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
