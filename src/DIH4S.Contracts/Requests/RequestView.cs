namespace DIH4S.Contracts.Requests;

/// <summary>Where a service request is in its lifecycle.</summary>
public enum RequestState
{
    Open,
    Accepted,
    InProgress,
    WaitingOnCustomer,
    Delivered,
    Closed,
    Cancelled,
    Escalated,
}

/// <summary>The public summary of a service request: the REST item and the live message alike.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.RequestView")]
public sealed record RequestView(
    [property: Id(0)] string Id,
    [property: Id(1)] string ServiceCode,
    [property: Id(2)] string Category,
    [property: Id(3)] string Title,
    [property: Id(4)] string Description,
    [property: Id(5)] RequestState State,
    [property: Id(6)] int Version,
    [property: Id(7)] string CustomerId,
    [property: Id(8)] string RequesterId,
    [property: Id(9)] string? PartnerId,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] DateTimeOffset? AcceptDeadline,
    [property: Id(13)] int? Rating,
    [property: Id(14)] string? RatingComment,
    [property: Id(15)] SlaView? Sla,
    [property: Id(16)] DateTimeOffset? AutoCloseAt);

/// <summary>
/// The resolution clock, counted in business hours from acceptance to delivery. While it runs,
/// <see cref="DueAt"/> is fixed; while it is paused (waiting on the customer, or delivered) the
/// remaining business hours are fixed instead.
/// </summary>
[GenerateSerializer, Immutable, Alias("dih4s.SlaView")]
public sealed record SlaView(
    [property: Id(0)] double TargetBusinessHours,
    [property: Id(1)] double RemainingBusinessHours,
    [property: Id(2)] bool Running,
    [property: Id(3)] DateTimeOffset? DueAt);

/// <summary>One step of a request's history; one per version.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.HistoryEntry")]
public sealed record HistoryEntry(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string ActorId,
    [property: Id(3)] string Action,
    [property: Id(4)] RequestState? FromState,
    [property: Id(5)] RequestState ToState,
    [property: Id(6)] string? Note);

/// <summary>A comment on a request; internal ones are for the assigned partner and coordinators only.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.RequestComment")]
public sealed record RequestComment(
    [property: Id(0)] string Id,
    [property: Id(1)] string AuthorId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Text,
    [property: Id(4)] bool Internal);

/// <summary>What a requester submits, completed by the host with the catalogue's category and the eligible partners.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.RequestSubmission")]
public sealed record RequestSubmission(
    [property: Id(0)] string ServiceCode,
    [property: Id(1)] string Category,
    [property: Id(2)] string Title,
    [property: Id(3)] string Description,
    [property: Id(4)] IReadOnlyList<string> EligiblePartnerIds);
