using DIH4S.Contracts.Trainings;

namespace DIH4S.Grains.Trainings;

/// <summary>One seat as its training grain keeps it; the list of them, in reservation order, is the allocation.</summary>
/// <param name="Id">The seat's id, also its seat grain's key.</param>
/// <param name="UserId">The person holding it.</param>
/// <param name="State">Where it is.</param>
/// <param name="WaitlistPosition">1..n while waitlisted, otherwise null.</param>
/// <param name="Version">1 when reserved, +1 per change.</param>
/// <param name="ReservedAt">When it was reserved.</param>
/// <param name="UpdatedAt">When it last changed.</param>
[GenerateSerializer, Immutable, Alias("dih4s.SeatRecord")]
public sealed record SeatRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string UserId,
    [property: Id(2)] SeatState State,
    [property: Id(3)] int? WaitlistPosition,
    [property: Id(4)] int Version,
    [property: Id(5)] DateTimeOffset ReservedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt)
{
    /// <summary>The seat as the API shows it.</summary>
    public SeatView ToView(string trainingId) => new(Id, trainingId, UserId, State, WaitlistPosition, Version, ReservedAt, UpdatedAt);
}

/// <summary>The durable state of one training and its seats. Field ids are never renumbered.</summary>
[GenerateSerializer, Alias("dih4s.TrainingState")]
public sealed class TrainingState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public string? Description { get; set; }
    [Id(3)] public DateTimeOffset Start { get; set; }
    [Id(4)] public DateTimeOffset End { get; set; }
    [Id(5)] public int Capacity { get; set; }
    [Id(6)] public string? Location { get; set; }
    [Id(7)] public DateTimeOffset CancellationDeadline { get; set; }
    [Id(8)] public DateTimeOffset AttendanceOpensAt { get; set; }
    [Id(9)] public string? TrainerId { get; set; }
    [Id(10)] public string? PartnerId { get; set; }
    [Id(11)] public string CreatedBy { get; set; } = "";
    [Id(12)] public int Version { get; set; }
    [Id(13)] public DateTimeOffset CreatedAt { get; set; }
    [Id(14)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Every seat ever reserved, cancelled ones included, in reservation order.</summary>
    [Id(15)] public List<SeatRecord> Seats { get; set; } = [];

    /// <summary>
    /// Seats whose seat grain may not have their latest view yet: written together with the change
    /// (an outbox), emptied in memory once the seat grains acknowledged, replayed on activation.
    /// </summary>
    [Id(16)] public HashSet<string> UnsyncedSeatIds { get; set; } = [];
}

/// <summary>The durable state of one seat grain: the holder's copy of the seat.</summary>
[GenerateSerializer, Alias("dih4s.TrainingSeatState")]
public sealed class TrainingSeatState
{
    /// <summary>The latest view the training grain handed over; null before the first.</summary>
    [Id(0)] public SeatView? Seat { get; set; }

    /// <summary>The trainer of the seat's training, who may read it.</summary>
    [Id(1)] public string? TrainerId { get; set; }
}
