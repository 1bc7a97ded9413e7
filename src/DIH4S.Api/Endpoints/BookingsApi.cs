using System.Security.Claims;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Labs;
using DIH4S.Grains.Labs;
using DIH4S.Grains.Lists;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DIH4S.Api.Endpoints;

public sealed record BookBody(string? EquipmentId, string? Start, string? End, string? Purpose);

/// <summary>
/// Lab bookings: booking a slot (through the equipment's calendar), the lifecycle actions, the scoped
/// lists (the approval queue of a lab manager is <c>?state=pending</c>) and history.
/// </summary>
public static class BookingsApi
{
    private const int PurposeMax = 2_000;
    private const int NoteMax = 4_000;

    /// <summary>The most labs one person's list gathers bookings from.</summary>
    private const int MaxManagedLabs = 1_000;

    private static readonly Dictionary<string, BookingState> States =
        Enum.GetValues<BookingState>().ToDictionary(BookingRules.Kebab);

    public static IEndpointRouteBuilder MapBookingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bookings").WithTags("Lab bookings").RequireAuthorization();
        group.MapPost("/", BookAsync).WithName("BookEquipment").WithSummary("Book a slot of a piece of equipment (pending until the lab decides).");
        group.MapGet("/", ListAsync).WithName("ListBookings")
            .WithSummary("Bookings the caller may see, newest first: own organization's, the labs one manages; coordinators all.");
        group.MapGet("/{id}", GetAsync).WithName("GetBooking").WithSummary("One booking.");
        group.MapGet("/{id}/history", HistoryAsync).WithName("BookingHistory").WithSummary("One entry per version.");

        group.MapPost("/{id}/approve", ApproveAsync).TakesNoBody().WithName("ApproveBooking").WithSummary("Approve a pending booking (the lab's managers).");
        group.MapPost("/{id}/reject", RejectAsync).WithName("RejectBooking").WithSummary("Reject a pending booking (the lab's managers).");
        group.MapPost("/{id}/cancel", CancelAsync).WithName("CancelBooking").WithSummary("Withdraw a pending or approved booking.");
        group.MapPost("/{id}/check-in", CheckInAsync).TakesNoBody().WithName("CheckInBooking").WithSummary("Record the booker's arrival (the lab's managers).");
        group.MapPost("/{id}/complete", CompleteAsync).TakesNoBody().WithName("CompleteBooking").WithSummary("Record the end of the use (the lab's managers).");
        return app;
    }

    public static async Task<Results<Created<BookingView>, ProblemHttpResult>> BookAsync(BookBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().Text(body?.EquipmentId, "equipmentId", 100);
        var start = validation.Parse(body?.Start, "start");
        var end = validation.Parse(body?.End, "end");
        validation.Text(body?.Purpose, "purpose", PurposeMax);
        if (start is { } s && end is { } e)
        {
            validation.Check(e > s, "end", "'end' must be after 'start'.");
        }

        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var booked = await grains.GetGrain<IEquipmentGrain>(body!.EquipmentId!)
            .BookAsync(user.ToActor(), new BookingRequest(start!.Value, end!.Value, body.Purpose!.Trim()));
        return booked.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/bookings/{booked.Value!.Id}", booked.Value);
    }

    public static async Task<Results<Ok<PageOf<BookingView>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IDeskLists lists, string? state, int? page, int? pageSize)
    {
        var validation = new Validation().OneOf(state, "state", States.Keys, required: false);
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var audiences = await AudiencesForAsync(user.ToActor(), lists);
        return TypedResults.Ok(ListJson.Read<BookingView>(await lists.PageAsync(ListKeys.Bookings, audiences, state, paging.Page, paging.PageSize)));
    }

    public static async Task<Results<Ok<BookingView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        Respond(await grains.GetGrain<IBookingGrain>(id).GetAsync(user.ToActor()));

    public static async Task<Results<Ok<PageOf<BookingHistoryEntry>>, ProblemHttpResult>> HistoryAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, int? page, int? pageSize) =>
        await Paging.PageOfAsync(page, pageSize, () => grains.GetGrain<IBookingGrain>(id).GetHistoryAsync(user.ToActor()));

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> ApproveAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation(), () => new ApproveBooking());

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> RejectAsync(
        string id, ReasonBody? body, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation().Text(body?.Reason, "reason", NoteMax), () => new RejectBooking(body!.Reason!.Trim()));

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> CancelAsync(
        string id, ReasonBody? body, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation().Text(body?.Reason, "reason", NoteMax), () => new CancelBooking(body!.Reason!.Trim()));

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> CheckInAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation(), () => new CheckInBooking());

    public static Task<Results<Ok<BookingView>, ProblemHttpResult>> CompleteAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        ActAsync(id, user, grains, new Validation(), () => new CompleteBooking());

    private static async Task<Results<Ok<BookingView>, ProblemHttpResult>> ActAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, Validation validation, Func<BookingCommand> command)
    {
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        return Respond(await grains.GetGrain<IBookingGrain>(id).ActAsync(user.ToActor(), command()));
    }

    /// <summary>
    /// Whose bookings a person lists (ADR 0017): coordinators all; everyone else their organization's,
    /// and lab managers also each managed lab's.
    /// </summary>
    private static async Task<List<string>> AudiencesForAsync(Actor actor, IDeskLists lists)
    {
        if (actor.IsCoordinator)
        {
            return [ListKeys.All];
        }

        List<string> audiences = [ListKeys.Organization(actor.OrganizationId)];
        if (actor.Has(DeskRoles.LabManager))
        {
            var labs = ListJson.Read<LabView>(await lists.PageAsync(ListKeys.Labs, [ListKeys.Manager(actor.UserId)], null, 1, MaxManagedLabs));
            audiences.AddRange(labs.Items.Select(lab => ListKeys.Lab(lab.Id)));
        }

        return audiences;
    }

    private static Results<Ok<BookingView>, ProblemHttpResult> Respond(Outcome<BookingView> outcome) =>
        outcome.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(outcome.Value!);
}
