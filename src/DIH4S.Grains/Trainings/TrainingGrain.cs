using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Live;
using DIH4S.Contracts.Trainings;
using DIH4S.Grains.Lists;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains.Trainings;

/// <summary>
/// One training. It owns the allocation of its seats (ADR 0009): being a grain, its calls run one at a
/// time, so places cannot be over-allocated and a cancelled place goes to the first in line within the
/// same call. Every change writes its state (seats and the outbox of seats to sync) first, then hands
/// each changed seat to its seat grain, then publishes the training when its counts changed.
/// </summary>
public sealed partial class TrainingGrain(
    [PersistentState("training", DeskStorage.Name)] IPersistentState<TrainingState> store,
    DeskClock clock,
    IDeskLists lists,
    IOptions<TrainingOptions> options,
    ILogger<TrainingGrain> logger) : Grain, ITrainingGrain
{
    private readonly ListRecorder _recorder = new(lists, logger);

    private TrainingState S => store.State;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Seats changed by the last write may not have reached their grains (a crash, a failed call): replay them.
        await SyncSeatsAsync();
        if (S.Exists)
        {
            await _recorder.CatchUpAsync(this, Listing);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<Outcome<TrainingView>> CreateAsync(Actor creator, TrainingDraft draft)
    {
        ArgumentNullException.ThrowIfNull(creator);
        ArgumentNullException.ThrowIfNull(draft);
        if (TrainingRules.CreatorProblem(creator) is { } forbidden)
        {
            return forbidden;
        }

        if (S.Exists)
        {
            return DeskProblem.Conflict("A training with this id already exists.");
        }

        var now = clock.UtcNow;
        if (TrainingRules.DraftErrors(draft, now) is { Count: > 0 } errors)
        {
            return new DeskProblem(ProblemKind.Invalid, "One or more fields are invalid.", null,
                errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        S.Exists = true;
        S.Title = draft.Title;
        S.Description = draft.Description;
        S.Start = draft.Start.ToUniversalTime();
        S.End = draft.End.ToUniversalTime();
        S.Capacity = draft.Capacity;
        S.Location = draft.Location;
        S.CancellationDeadline = TrainingRules.CancellationDeadline(draft, options.Value.DefaultCancellationNotice).ToUniversalTime();
        S.AttendanceOpensAt = S.Start - options.Value.AttendanceOpensBeforeStart;
        S.TrainerId = draft.TrainerId;
        S.PartnerId = draft.PartnerId;
        S.CreatedBy = creator.UserId;
        S.CreatedAt = now;
        S.UpdatedAt = now;
        S.Version = 1;
        await WriteAsync();

        var view = View();
        await _recorder.RecordAsync(this, Listing);
        await PublishAsync(view);
        return view;
    }

    public Task<Outcome<TrainingView>> GetAsync(Actor actor) =>
        Task.FromResult<Outcome<TrainingView>>(S.Exists ? View() : DeskProblem.NotFound("Training"));

    public async Task<Outcome<SeatView>> ReserveAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!S.Exists)
        {
            return DeskProblem.NotFound("Training");
        }

        var now = clock.UtcNow;
        if (TrainingRules.ReserveProblem(S, actor, now) is { } problem)
        {
            return problem;
        }

        var seatId = $"seat_{Guid.NewGuid():N}";
        return await CommitAsync(SeatAllocation.Reserve(S.Capacity, S.Seats, seatId, actor.UserId, now), seatId, now);
    }

    public async Task<Outcome<SeatView>> CancelSeatAsync(Actor actor, string seatId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!S.Exists)
        {
            return DeskProblem.NotFound("Training");
        }

        var now = clock.UtcNow;
        var decision = TrainingRules.DecideCancel(S, actor, seatId, now);
        return decision.Problem is { } problem
            ? problem
            : await CommitAsync(SeatAllocation.Cancel(S.Capacity, S.Seats, seatId, now), seatId, now);
    }

    public async Task<Outcome<SeatView>> MarkAttendanceAsync(Actor actor, string seatId, bool attended)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!S.Exists)
        {
            return DeskProblem.NotFound("Training");
        }

        var now = clock.UtcNow;
        var decision = TrainingRules.DecideAttendance(S, actor, seatId, now);
        return decision.Problem is { } problem
            ? problem
            : await CommitAsync(SeatAllocation.MarkAttendance(S.Capacity, S.Seats, seatId, attended, now), seatId, now);
    }

    public Task<Outcome<IReadOnlyList<SeatView>>> GetSeatsAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!S.Exists)
        {
            return Task.FromResult<Outcome<IReadOnlyList<SeatView>>>(DeskProblem.NotFound("Training"));
        }

        IReadOnlyList<SeatView> seats = [.. S.Seats.Where(s => TrainingRules.CanSee(S, s, actor)).Select(s => s.ToView(Id))];
        return Task.FromResult(Outcome.Ok(seats));
    }

    /// <summary>Stores the allocation, hands the changed seats to their grains, publishes new counts; returns the acted-on seat.</summary>
    private async Task<Outcome<SeatView>> CommitAsync(Allocation allocation, string seatId, DateTimeOffset now)
    {
        if (allocation.Changed.Count > 0)
        {
            var (confirmed, waitlisted) = Counts();
            S.Seats = [.. allocation.Seats];
            S.UnsyncedSeatIds.UnionWith(allocation.Changed.Select(s => s.Id));
            var countsChanged = Counts() != (confirmed, waitlisted);
            if (countsChanged)
            {
                S.Version++;
                S.UpdatedAt = now;
            }

            await WriteAsync();
            await SyncSeatsAsync();
            if (countsChanged)
            {
                await _recorder.RecordAsync(this, Listing);
                await PublishAsync(View());
            }
        }

        return S.Seats.Find(s => s.Id == seatId)!.ToView(Id);
    }

    /// <summary>
    /// Writes the state; when that fails, the activation is dropped so that the next call reloads what is
    /// stored instead of building on a change nobody acknowledged.
    /// </summary>
    private async Task WriteAsync()
    {
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// Hands every seat of the outbox to its grain, in reservation order (a promoted seat before the seats
    /// that moved up behind it). One after another on purpose: SQLite has one writer at a time, and
    /// parallel seat writes only queue up in its busy handler (ADR 0009). Seats whose grain failed stay
    /// in the outbox for the next change or activation.
    /// </summary>
    private async Task SyncSeatsAsync()
    {
        foreach (var seat in S.Seats.Where(s => S.UnsyncedSeatIds.Contains(s.Id)).ToList())
        {
            try
            {
                await GrainFactory.GetGrain<ISeatGrain>(seat.Id).SyncAsync(new SeatSync(seat.ToView(Id), S.TrainerId));

                // Only in memory: the stored outbox keeps the id until the next write, and replaying an acknowledged seat is harmless.
                S.UnsyncedSeatIds.Remove(seat.Id);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogSeatSyncFailed(logger, ex, seat.Id, seat.Version);
            }
        }
    }

    /// <summary>The training as the lists hold it: one list, read by everyone, with its current counts.</summary>
    private ListRecord Listing() => new(
        ListKeys.Trainings, Id, S.Version, "scheduled", S.CreatedAt, [ListKeys.All], ListJson.Write(View()), []);

    private async Task PublishAsync(TrainingView view)
    {
        try
        {
            await GrainFactory.GetGrain<ILiveHubGrain>(0).PublishAsync(new TrainingChanged(view, [Audiences.Everyone]));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Live delivery is best effort: clients re-read over REST when they see a version gap.
            LogPublishFailed(logger, ex, Id, view.Version);
        }
    }

    private (int Confirmed, int Waitlisted) Counts() =>
        (S.Seats.Count(s => SeatAllocation.HoldsPlace(s.State)), S.Seats.Count(s => s.State == SeatState.Waitlisted));

    private TrainingView View()
    {
        var (confirmed, waitlisted) = Counts();
        return new TrainingView(
            Id, S.Title, S.Description, S.Start, S.End, S.Capacity, S.Location, S.CancellationDeadline, S.AttendanceOpensAt,
            S.TrainerId, S.PartnerId, confirmed, waitlisted, S.Version, S.CreatedAt, S.UpdatedAt);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handing version {Version} of seat {SeatId} to its grain failed; retried on the next change")]
    private static partial void LogSeatSyncFailed(ILogger logger, Exception exception, string seatId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing version {Version} of training {TrainingId} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string trainingId, int version);
}
