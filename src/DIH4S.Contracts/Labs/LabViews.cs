namespace DIH4S.Contracts.Labs;

/// <summary>A partner's lab: its managers approve the bookings of its equipment.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.LabView")]
public sealed record LabView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string PartnerId,
    [property: Id(3)] IReadOnlyList<string> ManagerIds,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>What a lab manager or coordinator sets when adding equipment; the lab completes it with its id.</summary>
/// <param name="Name">Shown in lists and in the calendar feed.</param>
/// <param name="Description">Free text, optional.</param>
/// <param name="BufferMinutes">Minimum gap between two uses, on both sides of a booking (and between a booking and a blackout).</param>
/// <param name="MinNoticeHours">How long before its start a booking must be made.</param>
/// <param name="MaxHours">The longest booking allowed.</param>
/// <param name="RequiredTrainingId">A training the booker must have completed, or null.</param>
[GenerateSerializer, Immutable, Alias("dih4s.EquipmentSpec")]
public sealed record EquipmentSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] int BufferMinutes,
    [property: Id(3)] int MinNoticeHours,
    [property: Id(4)] int MaxHours,
    [property: Id(5)] string? RequiredTrainingId);

/// <summary>A piece of equipment of a lab, with the rules its calendar enforces.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.EquipmentView")]
public sealed record EquipmentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string LabId,
    [property: Id(2)] string PartnerId,
    [property: Id(3)] string Name,
    [property: Id(4)] string? Description,
    [property: Id(5)] int BufferMinutes,
    [property: Id(6)] int MinNoticeHours,
    [property: Id(7)] int MaxHours,
    [property: Id(8)] string? RequiredTrainingId,
    [property: Id(9)] DateTimeOffset CreatedAt);

/// <summary>A period in which the equipment cannot be booked (maintenance, calibration, ...).</summary>
[GenerateSerializer, Immutable, Alias("dih4s.BlackoutView")]
public sealed record BlackoutView(
    [property: Id(0)] string Id,
    [property: Id(1)] string EquipmentId,
    [property: Id(2)] DateTimeOffset Start,
    [property: Id(3)] DateTimeOffset End,
    [property: Id(4)] string Reason,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] DateTimeOffset CreatedAt);

/// <summary>What holds an interval of an equipment's calendar.</summary>
public enum SlotKind
{
    /// <summary>A pending, approved or checked-in booking.</summary>
    Booking,

    /// <summary>A blackout set by the lab.</summary>
    Blackout,
}

/// <summary>
/// One interval of an equipment's calendar. <see cref="BookingId"/> is given only for bookings the
/// reader may see; <see cref="State"/> only for bookings.
/// </summary>
[GenerateSerializer, Immutable, Alias("dih4s.CalendarSlot")]
public sealed record CalendarSlot(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] SlotKind Kind,
    [property: Id(3)] string? BookingId,
    [property: Id(4)] BookingState? State);

/// <summary>What the equipment publishes in its iCalendar feed: its bookings (without purposes) and blackouts.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.EquipmentFeed")]
public sealed record EquipmentFeed(
    [property: Id(0)] EquipmentView Equipment,
    [property: Id(1)] IReadOnlyList<BookingSlot> Bookings,
    [property: Id(2)] IReadOnlyList<BlackoutView> Blackouts);

/// <summary>
/// What an equipment's subscribable feed link must carry (ADR 0015): the generation of its keys. Keys of an
/// earlier generation no longer open the feed.
/// </summary>
[GenerateSerializer, Immutable, Alias("dih4s.FeedTicket")]
public sealed record FeedTicket(
    [property: Id(0)] string EquipmentId,
    [property: Id(1)] int Generation);
