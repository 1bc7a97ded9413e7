using DIH4S.Contracts.Labs;

namespace DIH4S.Grains.Labs;

/// <summary>The durable state of one lab. Field ids are never renumbered.</summary>
[GenerateSerializer, Alias("dih4s.LabState")]
public sealed class LabState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string PartnerId { get; set; } = "";
    [Id(3)] public List<string> ManagerIds { get; set; } = [];
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public List<string> EquipmentIds { get; set; } = [];
}

/// <summary>
/// The durable state of one piece of equipment: its rules and its calendar. Bookings that hold their
/// slot (pending, approved, checked-in) and completed ones (for the feed) are kept; released ones are dropped.
/// </summary>
[GenerateSerializer, Alias("dih4s.EquipmentState")]
public sealed class EquipmentState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string LabId { get; set; } = "";
    [Id(2)] public string PartnerId { get; set; } = "";

    /// <summary>The lab's managers when the equipment was added (a lab's managers are fixed at its creation).</summary>
    [Id(3)] public List<string> ManagerIds { get; set; } = [];

    [Id(4)] public string Name { get; set; } = "";
    [Id(5)] public string? Description { get; set; }
    [Id(6)] public int BufferMinutes { get; set; }
    [Id(7)] public int MinNoticeHours { get; set; }
    [Id(8)] public int MaxHours { get; set; }
    [Id(9)] public string? RequiredTrainingId { get; set; }
    [Id(10)] public DateTimeOffset CreatedAt { get; set; }
    [Id(11)] public Dictionary<string, BookingSlot> Bookings { get; set; } = [];
    [Id(12)] public Dictionary<string, BlackoutView> Blackouts { get; set; } = [];

    /// <summary>
    /// The generation the feed's keys must carry (ADR 0015); each revoke or new link adds one, so earlier
    /// keys stop opening the feed. Stored state without it reads as 0, the generation of keys made before.
    /// </summary>
    [Id(13)] public int FeedGeneration { get; set; }

    /// <summary>Whether the lab switched the feed off: no key opens it and no link is given until a new one is made.</summary>
    [Id(14)] public bool FeedRevoked { get; set; }

    public TimeSpan Buffer => TimeSpan.FromMinutes(BufferMinutes);

    /// <summary>Every interval that holds the equipment now: holding bookings and blackouts.</summary>
    public IEnumerable<Holding> Holdings() =>
        Bookings.Values.Where(b => BookingRules.Holds(b.State))
            .Select(b => new Holding(SlotKind.Booking, b.BookingId, b.Start, b.End, b.OrganizationId, b.State))
            .Concat(Blackouts.Values.Select(b => new Holding(SlotKind.Blackout, b.Id, b.Start, b.End, null, null)));
}

/// <summary>The durable state of one booking. Field ids are never renumbered.</summary>
[GenerateSerializer, Alias("dih4s.BookingGrainState")]
public sealed class BookingGrainState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string EquipmentId { get; set; } = "";
    [Id(2)] public string LabId { get; set; } = "";
    [Id(3)] public List<string> ManagerIds { get; set; } = [];
    [Id(4)] public DateTimeOffset Start { get; set; }
    [Id(5)] public DateTimeOffset End { get; set; }
    [Id(6)] public string Purpose { get; set; } = "";
    [Id(7)] public BookingState State { get; set; }
    [Id(8)] public int Version { get; set; }
    [Id(9)] public string BookerId { get; set; } = "";
    [Id(10)] public string OrganizationId { get; set; } = "";
    [Id(11)] public DateTimeOffset CreatedAt { get; set; }
    [Id(12)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>While approved: when the booking becomes a no-show without a check-in.</summary>
    [Id(13)] public DateTimeOffset? NoShowAt { get; set; }

    /// <summary>The reason given when rejected or cancelled.</summary>
    [Id(14)] public string? Reason { get; set; }

    [Id(15)] public List<BookingHistoryEntry> History { get; set; } = [];

    /// <summary>Whether the timer reminder is registered.</summary>
    [Id(16)] public bool TimerArmed { get; set; }

    /// <summary>Whether the equipment's calendar has yet to learn the latest state (a report failed; the timer retries).</summary>
    [Id(17)] public bool SlotSyncPending { get; set; }
}

/// <summary>An interval that holds an equipment: a booking (with its owner) or a blackout.</summary>
public sealed record Holding(SlotKind Kind, string Id, DateTimeOffset Start, DateTimeOffset End, string? OrganizationId, BookingState? State);
