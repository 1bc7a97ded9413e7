using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Live;
using DIH4S.Contracts.Trainings;
using Microsoft.Extensions.Logging;

namespace DIH4S.Grains.Trainings;

/// <summary>
/// One seat: the holder's durable copy of what its training grain decided (ADR 0009). It stores each
/// newer version, publishes it to whoever may see the seat and, once attendance is marked, records it
/// in the holder's transcript. It never calls its training grain, which drives it.
/// </summary>
public sealed partial class SeatGrain(
    [PersistentState("trainingSeat", DeskStorage.Name)] IPersistentState<TrainingSeatState> store,
    ILogger<SeatGrain> logger) : Grain, ISeatGrain
{
    public async Task SyncAsync(SeatSync sync)
    {
        ArgumentNullException.ThrowIfNull(sync);
        if (sync.Seat.Id != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Seat {sync.Seat.Id} was handed to the grain of seat {this.GetPrimaryKeyString()}.", nameof(sync));
        }

        if (store.State.Seat is null || sync.Seat.Version > store.State.Seat.Version)
        {
            store.State.Seat = sync.Seat;
            store.State.TrainerId = sync.TrainerId;
            await store.WriteStateAsync();
            await PublishAsync(sync.Seat, sync.TrainerId);
        }

        // Repeated on a replay too (the transcript is idempotent), so a failed transcript write is retried.
        if (store.State.Seat.State is SeatState.Attended or SeatState.NoShow)
        {
            var seat = store.State.Seat;
            await GrainFactory.GetGrain<ITrainingTranscriptGrain>(seat.UserId)
                .RecordAttendanceAsync(seat.TrainingId, seat.State == SeatState.Attended);
        }
    }

    public Task<Outcome<SeatView>> GetAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var seat = store.State.Seat;
        var visible = seat is not null && (seat.UserId == actor.UserId || actor.UserId == store.State.TrainerId || actor.IsCoordinator);
        return Task.FromResult<Outcome<SeatView>>(visible ? seat! : DeskProblem.NotFound("Seat"));
    }

    private async Task PublishAsync(SeatView seat, string? trainerId)
    {
        List<string> audience = [Audiences.User(seat.UserId), Audiences.Coordinators];
        if (trainerId is not null && trainerId != seat.UserId)
        {
            audience.Add(Audiences.User(trainerId));
        }

        try
        {
            await GrainFactory.GetGrain<ILiveHubGrain>(0).PublishAsync(new SeatChanged(seat, audience));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogPublishFailed(logger, ex, seat.Id, seat.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing version {Version} of seat {SeatId} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string seatId, int version);
}
