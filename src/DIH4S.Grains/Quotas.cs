namespace DIH4S.Grains;

/// <summary>
/// Quotas against one user exhausting the desk (issue 9, ADR 0016).
/// Every one answers 429 problem+json whose title names the limit.
/// </summary>
public sealed class QuotaOptions
{
    public const string Section = "Quotas";

    /// <summary>Changes (POST, PUT, PATCH, DELETE under /api) per signed-in person per minute, on each node.</summary>
    public int WritesPerMinute { get; set; } = 120;

    /// <summary>Comments one request holds at most.</summary>
    public int CommentsPerRequest { get; set; } = 200;

    /// <summary>Comments one person writes per hour, across all requests.</summary>
    public int CommentsPerUserPerHour { get; set; } = 30;

    /// <summary>Seat reservations and cancellations one person makes per hour.</summary>
    public int SeatChangesPerUserPerHour { get; set; } = 20;

    /// <summary>Pending bookings one person holds at once.</summary>
    public int PendingBookingsPerPerson { get; set; } = 10;

    /// <summary>Pending bookings one organization holds at once.</summary>
    public int PendingBookingsPerOrganization { get; set; } = 50;

    /// <summary>How far ahead a booking may start, in days.</summary>
    public int BookingHorizonDays { get; set; } = 180;

    /// <summary>Live hub connections one person holds at once, on each node.</summary>
    public int HubConnectionsPerUser { get; set; } = 10;

    /// <summary>Whether every quota is positive.</summary>
    public bool Valid =>
        WritesPerMinute > 0 && CommentsPerRequest > 0 && CommentsPerUserPerHour > 0 && SeatChangesPerUserPerHour > 0
        && PendingBookingsPerPerson > 0 && PendingBookingsPerOrganization > 0 && BookingHorizonDays > 0 && HubConnectionsPerUser > 0;
}

/// <summary>The answer of a quota: allowed, or refused until some time has passed.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.QuotaAnswer")]
public sealed record QuotaAnswer([property: Id(0)] bool Allowed, [property: Id(1)] TimeSpan RetryAfter);

/// <summary>One person's hourly quotas, counted in one place for the whole cluster (in memory: a restart forgives).</summary>
[Alias("dih4s.IPersonQuotaGrain")]
public interface IPersonQuotaGrain : IGrainWithStringKey
{
    /// <summary>Takes one unit of <paramref name="quota"/> if fewer than <paramref name="limit"/> were taken within <paramref name="window"/>.</summary>
    [Alias("TryTakeAsync")]
    Task<QuotaAnswer> TryTakeAsync(string quota, int limit, TimeSpan window);
}

/// <summary>Sliding windows of one person's quota use, on the desk's clock.</summary>
public sealed class PersonQuotaGrain(DeskClock clock) : Grain, IPersonQuotaGrain
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _taken = new(StringComparer.Ordinal);

    public Task<QuotaAnswer> TryTakeAsync(string quota, int limit, TimeSpan window)
    {
        var now = clock.UtcNow;
        if (!_taken.TryGetValue(quota, out var times))
        {
            _taken[quota] = times = new Queue<DateTimeOffset>();
        }

        while (times.TryPeek(out var oldest) && now - oldest >= window)
        {
            times.Dequeue();
        }

        if (times.Count >= limit)
        {
            return Task.FromResult(new QuotaAnswer(false, times.Peek() + window - now));
        }

        times.Enqueue(now);
        return Task.FromResult(new QuotaAnswer(true, TimeSpan.Zero));
    }
}
