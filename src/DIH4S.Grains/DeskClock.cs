namespace DIH4S.Grains;

/// <summary>
/// The desk's business clock: deadlines, SLA and lockouts read the time here. It wraps a
/// <see cref="TimeProvider"/> of its own because Orleans resolves the container's
/// <see cref="TimeProvider"/> for its internal timers, and a frozen test clock must not freeze the silo.
/// </summary>
public sealed class DeskClock(TimeProvider time)
{
    /// <summary>The underlying provider (a <c>FakeTimeProvider</c> in tests).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The current instant.</summary>
    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
