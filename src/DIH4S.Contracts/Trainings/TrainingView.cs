namespace DIH4S.Contracts.Trainings;

/// <summary>The public summary of a training: the REST item and the live message alike.</summary>
/// <param name="Id">The training's id (<c>trn_…</c>).</param>
/// <param name="Title">What the training is about.</param>
/// <param name="Description">Free text, optional.</param>
/// <param name="Start">When it starts (UTC).</param>
/// <param name="End">When it ends (UTC).</param>
/// <param name="Capacity">How many seats it has.</param>
/// <param name="Location">Where it takes place, optional.</param>
/// <param name="CancellationDeadline">Until when attendees may cancel their own seats (UTC).</param>
/// <param name="AttendanceOpensAt">From when the trainer may mark attendance (UTC).</param>
/// <param name="TrainerId">The person running it; null when a coordinator created it without naming one.</param>
/// <param name="PartnerId">The trainer's organization; null without a trainer.</param>
/// <param name="Confirmed">Seats holding a place: confirmed, attended or no-show.</param>
/// <param name="Waitlisted">Seats on the waiting list.</param>
/// <param name="Version">1 when created, +1 per change of details or counts.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
[GenerateSerializer, Immutable, Alias("dih4s.TrainingView")]
public sealed record TrainingView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Description,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset End,
    [property: Id(5)] int Capacity,
    [property: Id(6)] string? Location,
    [property: Id(7)] DateTimeOffset CancellationDeadline,
    [property: Id(8)] DateTimeOffset AttendanceOpensAt,
    [property: Id(9)] string? TrainerId,
    [property: Id(10)] string? PartnerId,
    [property: Id(11)] int Confirmed,
    [property: Id(12)] int Waitlisted,
    [property: Id(13)] int Version,
    [property: Id(14)] DateTimeOffset CreatedAt,
    [property: Id(15)] DateTimeOffset UpdatedAt);

/// <summary>Where a seat is: holding a place, waiting for one, given up, or used.</summary>
public enum SeatState
{
    /// <summary>Holds one of the training's places.</summary>
    Confirmed,

    /// <summary>On the waiting list, at <see cref="SeatView.WaitlistPosition"/>.</summary>
    Waitlisted,

    /// <summary>Given up by its holder, the trainer or a coordinator; final.</summary>
    Cancelled,

    /// <summary>The holder attended: the training counts as completed. Still holds its place.</summary>
    Attended,

    /// <summary>The holder did not come. Still holds its place.</summary>
    NoShow,
}

/// <summary>One person's seat in one training: the REST item and the live message alike.</summary>
/// <param name="Id">The seat's id (<c>seat_…</c>).</param>
/// <param name="TrainingId">The training it belongs to.</param>
/// <param name="UserId">The person holding it.</param>
/// <param name="State">Where it is.</param>
/// <param name="WaitlistPosition">1 for the first in line; null unless waitlisted.</param>
/// <param name="Version">1 when reserved, +1 per change (including a move on the waiting list).</param>
/// <param name="ReservedAt">When it was reserved.</param>
/// <param name="UpdatedAt">When it last changed.</param>
[GenerateSerializer, Immutable, Alias("dih4s.SeatView")]
public sealed record SeatView(
    [property: Id(0)] string Id,
    [property: Id(1)] string TrainingId,
    [property: Id(2)] string UserId,
    [property: Id(3)] SeatState State,
    [property: Id(4)] int? WaitlistPosition,
    [property: Id(5)] int Version,
    [property: Id(6)] DateTimeOffset ReservedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt);

/// <summary>What the host hands the training grain to create a training, validated and in UTC.</summary>
/// <param name="Title">What the training is about.</param>
/// <param name="Description">Free text, optional.</param>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends; after <paramref name="Start"/>.</param>
/// <param name="Capacity">Number of seats, 1 to 10 000.</param>
/// <param name="Location">Where, optional.</param>
/// <param name="CancellationDeadline">Until when attendees may cancel; null for the configured default.</param>
/// <param name="TrainerId">The trainer; null for none.</param>
/// <param name="PartnerId">The trainer's organization; null for none.</param>
[GenerateSerializer, Immutable, Alias("dih4s.TrainingDraft")]
public sealed record TrainingDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Description,
    [property: Id(2)] DateTimeOffset Start,
    [property: Id(3)] DateTimeOffset End,
    [property: Id(4)] int Capacity,
    [property: Id(5)] string? Location,
    [property: Id(6)] DateTimeOffset? CancellationDeadline,
    [property: Id(7)] string? TrainerId,
    [property: Id(8)] string? PartnerId);

/// <summary>What the training grain tells a seat grain: its latest view and who else may read it.</summary>
/// <param name="Seat">The seat as the training grain decided it.</param>
/// <param name="TrainerId">The training's trainer, who may read the seat; null for none.</param>
[GenerateSerializer, Immutable, Alias("dih4s.SeatSync")]
public sealed record SeatSync(
    [property: Id(0)] SeatView Seat,
    [property: Id(1)] string? TrainerId);
