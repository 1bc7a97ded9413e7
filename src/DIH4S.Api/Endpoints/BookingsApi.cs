using System.Security.Claims;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Indexes;
using DIH4S.Contracts.Labs;
using DIH4S.Grains.Labs;
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
        ClaimsPrincipal user, IGrainFactory grains, string? state, int? page, int? pageSize)
    {
        var validation = new Validation().OneOf(state, "state", States.Keys, required: false);
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var actor = user.ToActor();
        var keys = await IndexKeysForAsync(actor, grains);
        var indexes = keys.Select(key => grains.GetGrain<IItemIndexGrain>(key)).ToList();
        if (indexes.Count == 1)
        {
            var ids = await indexes[0].QueryAsync(state, paging.Page, paging.PageSize);
            var views = await ReadAsync(ids.Items, actor, grains);
            return TypedResults.Ok(new PageOf<BookingView>(views, ids.Total, ids.Page, ids.PageSize));
        }

        return TypedResults.Ok(await MergedPageAsync(indexes, actor, grains, state, paging));
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
    /// The indexes a person's list reads: coordinators <c>bookings/all</c>; everyone else their organization's,
    /// and lab managers also each managed lab's <c>bookings/lab:{labId}</c>.
    /// </summary>
    private static async Task<List<string>> IndexKeysForAsync(Actor actor, IGrainFactory grains)
    {
        if (actor.IsCoordinator)
        {
            return [IndexKeys.All(LabIndexes.Bookings)];
        }

        List<string> keys = [IndexKeys.Organization(LabIndexes.Bookings, actor.OrganizationId)];
        if (actor.Has(DeskRoles.LabManager))
        {
            var labs = await grains.GetGrain<IItemIndexGrain>(IndexKeys.Of(LabIndexes.Labs, LabIndexes.Manager(actor.UserId)))
                .QueryAsync(null, 1, MaxManagedLabs);
            keys.AddRange(labs.Items.Select(lab => IndexKeys.Of(LabIndexes.Bookings, LabIndexes.Lab(lab))));
        }

        return keys;
    }

    /// <summary>
    /// A page of the union of several indexes, newest first. The total counts distinct ids; the page is
    /// drawn from the first <c>page × pageSize</c> ids of each index (enough for the union's first that many),
    /// ordered by creation time, ties in index order.
    /// </summary>
    private static async Task<PageOf<BookingView>> MergedPageAsync(
        IReadOnlyList<IItemIndexGrain> indexes, Actor actor, IGrainFactory grains, string? state, Paging paging)
    {
        var lists = await Task.WhenAll(indexes.Select(index => index.QueryAsync(state, 1, int.MaxValue)));
        var total = lists.SelectMany(l => l.Items).Distinct().Count();
        var depth = paging.Page * paging.PageSize;
        var rank = new Dictionary<string, int>();
        foreach (var list in lists)
        {
            for (var i = 0; i < Math.Min(depth, list.Items.Count); i++)
            {
                rank[list.Items[i]] = Math.Min(rank.GetValueOrDefault(list.Items[i], int.MaxValue), i);
            }
        }

        var candidates = await ReadAsync([.. rank.Keys], actor, grains);
        List<BookingView> items = [.. candidates
            .OrderByDescending(b => b.CreatedAt)
            .ThenBy(b => rank[b.Id])
            .Skip((paging.Page - 1) * paging.PageSize)
            .Take(paging.PageSize)];
        return new PageOf<BookingView>(items, total, paging.Page, paging.PageSize);
    }

    private static async Task<List<BookingView>> ReadAsync(IReadOnlyList<string> ids, Actor actor, IGrainFactory grains)
    {
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IBookingGrain>(id).GetAsync(actor)));
        return [.. views.Where(v => v.Value is not null).Select(v => v.Value!)];
    }

    private static Results<Ok<BookingView>, ProblemHttpResult> Respond(Outcome<BookingView> outcome) =>
        outcome.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(outcome.Value!);
}
