namespace DIH4S.Grains.Identity;

/// <summary>
/// How wrong passwords slow sign-in down (ADR 0012): per account and source address, with a lockout
/// that doubles each time, and per account across every source, for password spraying.
/// </summary>
public sealed class LockoutOptions
{
    public const string Section = "Lockout";

    /// <summary>Consecutive failures from one source that lock that source out of the account.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>The first lockout of a source; each further one doubles, up to <see cref="MaxLockout"/>.</summary>
    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest lockout.</summary>
    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Failures across all sources within <see cref="AccountWindow"/> that throttle the account: while
    /// throttled, only sources that signed in to it before may try (back-off doubling like a lockout).
    /// </summary>
    public int AccountFailuresPerWindow { get; set; } = 20;

    /// <summary>The window in which <see cref="AccountFailuresPerWindow"/> is counted.</summary>
    public TimeSpan AccountWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many sources a person signed in from are remembered (oldest forgotten first).</summary>
    public const int KnownSourceCapacity = 10;

    /// <summary>How many failing sources are tracked per account (the quietest forgotten first).</summary>
    public const int TrackedSourceCapacity = 200;

    /// <summary>The lockout after <paramref name="previousLockouts"/> earlier ones: doubling, capped.</summary>
    public TimeSpan LockoutAfter(int previousLockouts)
    {
        var factor = Math.Pow(2, Math.Min(previousLockouts, 30));
        var ticks = Math.Min(FirstLockout.Ticks * factor, MaxLockout.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
