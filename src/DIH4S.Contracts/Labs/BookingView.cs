namespace DIH4S.Contracts.Labs;

/// <summary>Where a lab booking is in its lifecycle.</summary>
public enum BookingState
{
    /// <summary>Waiting for the lab's decision; holds the slot.</summary>
    Pending,

    /// <summary>Approved by the lab; holds the slot.</summary>
    Approved,

    /// <summary>Refused by the lab; releases the slot.</summary>
    Rejected,

    /// <summary>The booker arrived; holds the slot.</summary>
    CheckedIn,

    /// <summary>The use is over; releases the slot.</summary>
    Completed,

    /// <summary>Nobody checked in within the grace after the start; releases the slot.</summary>
    NoShow,

    /// <summary>Withdrawn before its use; releases the slot.</summary>
    Cancelled,
}

/// <summary>The public summary of a booking: the REST item and the live message alike.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.BookingView")]
public sealed record BookingView(
    [property: Id(0)] string Id,
    [property: Id(1)] string EquipmentId,
    [property: Id(2)] string LabId,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset End,
    [property: Id(5)] string Purpose,
    [property: Id(6)] BookingState State,
    [property: Id(7)] int Version,
    [property: Id(8)] string BookerId,
    [property: Id(9)] string OrganizationId,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] DateTimeOffset? NoShowAt,
    [property: Id(13)] string? Reason);

/// <summary>One step of a booking's history; one per version.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.BookingHistoryEntry")]
public sealed record BookingHistoryEntry(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string ActorId,
    [property: Id(3)] string Action,
    [property: Id(4)] BookingState? FromState,
    [property: Id(5)] BookingState ToState,
    [property: Id(6)] string? Note);

/// <summary>What a person asks of an equipment's calendar (times already checked for order and offset by the API).</summary>
[GenerateSerializer, Immutable, Alias("dih4s.BookingRequest")]
public sealed record BookingRequest(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] string Purpose);

/// <summary>A new booking as the equipment hands it to its booking grain once the slot is held.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.NewBooking")]
public sealed record NewBooking(
    [property: Id(0)] string EquipmentId,
    [property: Id(1)] string LabId,
    [property: Id(2)] IReadOnlyList<string> ManagerIds,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset End,
    [property: Id(5)] string Purpose);

/// <summary>A booking as its equipment's calendar keeps it: the interval, the owner and the state.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.BookingSlot")]
public sealed record BookingSlot(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string OrganizationId,
    [property: Id(2)] DateTimeOffset Start,
    [property: Id(3)] DateTimeOffset End,
    [property: Id(4)] BookingState State,
    [property: Id(5)] int Version,
    [property: Id(6)] DateTimeOffset UpdatedAt);

/// <summary>What a lab manager or coordinator sets to block the equipment.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.BlackoutRequest")]
public sealed record BlackoutRequest(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] string Reason);
