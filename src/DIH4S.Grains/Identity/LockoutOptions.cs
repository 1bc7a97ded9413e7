namespace DIH4S.Grains.Identity;

/// <summary>How repeated wrong passwords lock an account.</summary>
public sealed class LockoutOptions
{
    public const string Section = "Lockout";

    /// <summary>Consecutive failures that lock the account.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}
