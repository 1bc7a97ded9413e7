using DIH4S.Contracts.Identity;

namespace DIH4S.Contracts.Trainings;

/// <summary>
/// One training session (key <c>trn_…</c>). It owns the allocation of its seats: its calls run one at
/// a time, so it can never hand out more places than it has, and a cancelled place goes to the first
/// in line within the same call. It drives its seat grains; they never call it.
/// </summary>
[Alias("dih4s.ITrainingGrain")]
public interface ITrainingGrain : IGrainWithStringKey
{
    /// <summary>Creates the training; refuses a second creation under the same id.</summary>
    [Alias("CreateAsync")]
    Task<Outcome<TrainingView>> CreateAsync(Actor creator, TrainingDraft draft);

    /// <summary>The training; every signed-in person may see it.</summary>
    [Alias("GetAsync")]
    Task<Outcome<TrainingView>> GetAsync(Actor actor);

    /// <summary>Reserves a seat for the actor: confirmed while places remain, otherwise waitlisted.</summary>
    [Alias("ReserveAsync")]
    Task<Outcome<SeatView>> ReserveAsync(Actor actor);

    /// <summary>Cancels a seat; a freed place goes to the first on the waiting list in the same call.</summary>
    [Alias("CancelSeatAsync")]
    Task<Outcome<SeatView>> CancelSeatAsync(Actor actor, string seatId);

    /// <summary>Marks whether the holder of a confirmed seat attended (trainer of the training, coordinators).</summary>
    [Alias("MarkAttendanceAsync")]
    Task<Outcome<SeatView>> MarkAttendanceAsync(Actor actor, string seatId, bool attended);

    /// <summary>The seats the actor may see, in reservation order: all for the trainer and coordinators, otherwise their own.</summary>
    [Alias("GetSeatsAsync")]
    Task<Outcome<IReadOnlyList<SeatView>>> GetSeatsAsync(Actor actor);
}

/// <summary>
/// One seat (key <c>seat_…</c>): the holder's durable copy of what the training grain decided, and the
/// publisher of its <c>SeatChanged</c> messages. Only its training grain writes it.
/// </summary>
[Alias("dih4s.ISeatGrain")]
public interface ISeatGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the seat's latest view from its training grain. Stores and publishes it when its version is
    /// newer than the stored one; records attendance in the holder's transcript. Idempotent, so the
    /// training grain may repeat it after a failure.
    /// </summary>
    [Alias("SyncAsync")]
    Task SyncAsync(SeatSync sync);

    /// <summary>The seat, for its holder, the trainer of its training and coordinators.</summary>
    [Alias("GetAsync")]
    Task<Outcome<SeatView>> GetAsync(Actor actor);
}
