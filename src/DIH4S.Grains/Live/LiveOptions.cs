namespace DIH4S.Grains.Live;

/// <summary>
/// The live fan-out's periods (ADR 0004). Not configuration a hub would change: tests shorten them, so
/// that what takes half a minute in a cluster takes a second in a test.
/// </summary>
public sealed class LiveOptions
{
    /// <summary>
    /// How often nodes and silo directories register again (only to heal a registry that started anew
    /// elsewhere, or a push that failed) and the registry checks that its client nodes are still there.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the registry, and each directory, read this silo's view of cluster membership.</summary>
    public TimeSpan MembershipCheckPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the registry waits for one directory to take a new list, or one client node to answer.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
