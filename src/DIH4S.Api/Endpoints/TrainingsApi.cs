using System.Security.Claims;
using DIH4S.Api.Hosting;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Trainings;
using DIH4S.Grains;
using DIH4S.Grains.Lists;
using DIH4S.Grains.Trainings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DIH4S.Api.Endpoints;

/// <summary>Times are strings here so that one without an offset is refused instead of read as server-local time.</summary>
public sealed record CreateTrainingBody(
    string? Title,
    string? Description,
    string? Start,
    string? End,
    int? Capacity,
    string? Location,
    string? CancellationDeadline,
    string? TrainerId);

public sealed record AttendanceBody(bool? Attended);

/// <summary>Trainings and their seats: scheduling, reservations with a waiting list, cancellations, attendance.</summary>
public static class TrainingsApi
{
    private const int TextMax = 10_000;
    private const int LocationMax = 200;

    private static readonly Dictionary<string, SeatState> SeatStates =
        Enum.GetValues<SeatState>().ToDictionary(TrainingRules.Kebab);

    public static IEndpointRouteBuilder MapTrainingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/trainings").WithTags("Trainings").RequireAuthorization();
        group.MapPost("/", CreateAsync).WithName("CreateTraining").WithSummary("Schedule a training (trainers, coordinators).");
        group.MapGet("/", ListAsync).WithName("ListTrainings").WithSummary("Every training, newest first; everyone may attend.");
        group.MapGet("/{id}", GetAsync).WithName("GetTraining").WithSummary("One training with its seat counts.");
        group.MapPost("/{id}/seats", ReserveAsync).TakesNoBody().RequireSeatChangeQuota().WithName("ReserveSeat")
            .WithSummary("Reserve a seat: confirmed while places remain, otherwise on the waiting list.");
        group.MapGet("/{id}/seats", ListSeatsAsync).WithName("ListSeats")
            .WithSummary("The training's seats in reservation order: all for its trainer and coordinators, otherwise your own.");
        group.MapGet("/{id}/seats/{seatId}", GetSeatAsync).WithName("GetSeat").WithSummary("One seat (holder, trainer, coordinators).");
        group.MapPost("/{id}/seats/{seatId}/cancel", CancelSeatAsync).TakesNoBody().RequireSeatChangeQuota().WithName("CancelSeat")
            .WithSummary("Give a seat up; a freed place goes to the first on the waiting list at once.");
        group.MapPost("/{id}/seats/{seatId}/attendance", MarkAttendanceAsync).WithName("MarkAttendance")
            .WithSummary("Mark whether the holder of a confirmed seat attended (trainer of the training, coordinators).");
        return app;
    }

    public static async Task<Results<Created<TrainingView>, ProblemHttpResult>> CreateAsync(
        CreateTrainingBody? body, ClaimsPrincipal user, IGrainFactory grains, DeskClock clock)
    {
        var actor = user.ToActor();
        if (TrainingRules.CreatorProblem(actor) is { } forbidden)
        {
            return forbidden.ToHttp();
        }

        var trainerId = string.IsNullOrWhiteSpace(body?.TrainerId) ? null : body.TrainerId.Trim();
        if (trainerId is not null && trainerId != actor.UserId && !actor.IsCoordinator)
        {
            return DeskResults.Forbidden("Only coordinators name another person as the trainer.");
        }

        var validation = new Validation()
            .Text(body?.Title, "title", TrainingRules.TitleMax)
            .Text(body?.Description, "description", TextMax, required: false)
            .Text(body?.Location, "location", LocationMax, required: false)
            .Check(body?.Capacity is not null, "capacity", "'capacity' is required.");
        var start = validation.Parse(body?.Start, "start");
        var end = validation.Parse(body?.End, "end");
        var deadline = validation.Parse(body?.CancellationDeadline, "cancellationDeadline", required: false);
        var trainer = trainerId is null ? null : await grains.GetGrain<IUserGrain>(trainerId).GetAsync();
        validation.Check(trainerId is null || trainer?.Roles.Contains(DeskRoles.Trainer) == true, "trainerId", "No trainer has this id.");
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var (runBy, partnerId) = trainer is not null
            ? (trainer.UserId, trainer.OrganizationId)
            : actor.Has(DeskRoles.Trainer) ? (actor.UserId, actor.OrganizationId) : ((string?)null, (string?)null);
        var draft = new TrainingDraft(
            body!.Title!.Trim(), Optional(body.Description), start!.Value, end!.Value, body.Capacity!.Value, Optional(body.Location),
            deadline, runBy, partnerId);
        foreach (var (field, message) in TrainingRules.DraftErrors(draft, clock.UtcNow))
        {
            validation.Add(field, message);
        }

        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var id = $"trn_{Guid.NewGuid():N}";
        var created = await grains.GetGrain<ITrainingGrain>(id).CreateAsync(actor, draft);
        return created.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/trainings/{id}", created.Value);
    }

    public static async Task<Results<Ok<PageOf<TrainingView>>, ProblemHttpResult>> ListAsync(
        IDeskLists lists, int? page, int? pageSize)
    {
        var validation = new Validation();
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        return TypedResults.Ok(ListJson.Read<TrainingView>(await lists.PageAsync(ListKeys.Trainings, [ListKeys.All], null, paging.Page, paging.PageSize)));
    }

    public static async Task<Results<Ok<TrainingView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        Respond(await grains.GetGrain<ITrainingGrain>(id).GetAsync(user.ToActor()));

    public static async Task<Results<Created<SeatView>, ProblemHttpResult>> ReserveAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var reserved = await grains.GetGrain<ITrainingGrain>(id).ReserveAsync(user.ToActor());
        return reserved.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/trainings/{id}/seats/{reserved.Value!.Id}", reserved.Value);
    }

    public static async Task<Results<Ok<PageOf<SeatListItem>>, ProblemHttpResult>> ListSeatsAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, string? state, int? page, int? pageSize)
    {
        var validation = new Validation().OneOf(state, "state", SeatStates.Keys, required: false);
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var seats = await grains.GetGrain<ITrainingGrain>(id).GetSeatsAsync(user.ToActor());
        if (seats.Problem is { } problem)
        {
            return problem.ToHttp();
        }

        var slice = paging.Slice([.. seats.Value!.Where(s => state is null || s.State == SeatStates[state])]);
        var holders = await Task.WhenAll(slice.Items.Select(s => grains.GetGrain<IUserGrain>(s.UserId).GetAsync()));
        return TypedResults.Ok(new PageOf<SeatListItem>(
            [.. slice.Items.Zip(holders, (seat, holder) => SeatListItem.Of(seat, holder?.DisplayName))], slice.Total, slice.Page, slice.PageSize));
    }

    /// <summary>Read from the seat's own grain, the holder's copy: it does not wake the training.</summary>
    public static async Task<Results<Ok<SeatView>, ProblemHttpResult>> GetSeatAsync(
        string id, string seatId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var seat = await grains.GetGrain<ISeatGrain>(seatId).GetAsync(user.ToActor());
        return seat.Value is { } view && view.TrainingId != id ? DeskResults.NotFound("Seat") : Respond(seat);
    }

    public static async Task<Results<Ok<SeatView>, ProblemHttpResult>> CancelSeatAsync(
        string id, string seatId, ClaimsPrincipal user, IGrainFactory grains) =>
        Respond(await grains.GetGrain<ITrainingGrain>(id).CancelSeatAsync(user.ToActor(), seatId));

    public static async Task<Results<Ok<SeatView>, ProblemHttpResult>> MarkAttendanceAsync(
        string id, string seatId, AttendanceBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().Check(body?.Attended is not null, "attended", "'attended' is required: true or false.");
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        return Respond(await grains.GetGrain<ITrainingGrain>(id).MarkAttendanceAsync(user.ToActor(), seatId, body!.Attended!.Value));
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Results<Ok<T>, ProblemHttpResult> Respond<T>(Outcome<T> outcome) =>
        outcome.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(outcome.Value!);
}

/// <summary>A seat as the seat list shows it: with its holder's name, which the trainer needs to mark attendance.</summary>
public sealed record SeatListItem(
    string Id, string TrainingId, string UserId, SeatState State, int? WaitlistPosition, int Version, DateTimeOffset ReservedAt,
    DateTimeOffset UpdatedAt, string? HolderName)
{
    public static SeatListItem Of(SeatView seat, string? holderName)
    {
        ArgumentNullException.ThrowIfNull(seat);
        return new(seat.Id, seat.TrainingId, seat.UserId, seat.State, seat.WaitlistPosition, seat.Version, seat.ReservedAt, seat.UpdatedAt, holderName);
    }
}
