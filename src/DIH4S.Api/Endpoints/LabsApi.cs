using System.Security.Claims;
using DIH4S.Api.Hosting;
using DIH4S.Api.Identity;
using DIH4S.Api.Problems;
using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Labs;
using DIH4S.Contracts.Trainings;
using DIH4S.Grains;
using DIH4S.Grains.Lists;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using IcalCalendar = Ical.Net.Calendar;

namespace DIH4S.Api.Endpoints;

public sealed record CreateLabBody(string? Name, string? PartnerId, IReadOnlyList<string>? ManagerIds);

public sealed record CreateEquipmentBody(
    string? Name, string? Description, int? BufferMinutes, int? MinNoticeHours, int? MaxHours, string? RequiredTrainingId);

public sealed record BlackoutBody(string? Start, string? End, string? Reason);

/// <summary>
/// An equipment's subscribable feed: <c>url</c> opens without a bearer token (absolute under
/// <c>Desk:PublicUrl</c>, otherwise relative to the desk); <c>key</c> is its secret part.
/// </summary>
public sealed record FeedLink(string Url, string Key);

/// <summary>
/// Labs, their equipment, blackouts and calendars (ADR 0008). Everyone signed in may list labs and
/// equipment and read calendars; coordinators create labs; a lab's managers and coordinators add
/// equipment and blackouts.
/// </summary>
public static class LabsApi
{
    /// <summary>The longest range one calendar read covers.</summary>
    public const int MaxCalendarDays = 366;

    /// <summary>The range a calendar read covers when <c>to</c> is not given.</summary>
    public const int DefaultCalendarDays = 7;

    public const int DefaultMaxHours = 24;

    public const int MaxManagers = 50;

    /// <summary>The domain of the feed's UIDs: <c>{bookingId}@...</c>, <c>{blackoutId}@...</c>.</summary>
    public const string UidDomain = "dih4s-desk";

    private const int NameMax = 200;
    private const int TextMax = 4_000;

    public static IEndpointRouteBuilder MapLabsApi(this IEndpointRouteBuilder app)
    {
        var labs = app.MapGroup("/api/labs").WithTags("Labs").RequireAuthorization();
        labs.MapPost("/", CreateLabAsync).WithName("CreateLab").WithSummary("Open a lab of a partner, with its managers.");
        labs.MapGet("/", ListLabsAsync).WithName("ListLabs").WithSummary("Every lab, newest first.");
        labs.MapGet("/{id}", GetLabAsync).WithName("GetLab").WithSummary("One lab.");
        labs.MapGet("/{id}/equipment", ListEquipmentAsync).WithName("ListEquipment").WithSummary("A lab's equipment, oldest first.");
        labs.MapPost("/{id}/equipment", AddEquipmentAsync).WithName("AddEquipment").WithSummary("Add bookable equipment to a lab.");

        var equipment = app.MapGroup("/api/equipment").WithTags("Labs").RequireAuthorization();
        equipment.MapGet("/{id}", GetEquipmentAsync).WithName("GetEquipment").WithSummary("One piece of equipment and its booking rules.");
        equipment.MapPost("/{id}/blackouts", AddBlackoutAsync).WithName("AddBlackout").WithSummary("Block an interval of the equipment.");
        equipment.MapGet("/{id}/calendar", CalendarAsync).WithName("EquipmentCalendar")
            .WithSummary("The intervals holding the equipment (pending, approved, checked-in bookings and blackouts) in a range.");
        equipment.MapGet("/{id}/calendar.ics", FeedAsync).WithName("EquipmentFeed").AllowAnonymous()
            .WithSummary("iCalendar feed: approved, checked-in and completed bookings and blackouts, without purposes or reasons. "
                + "Opens with a bearer token or with the key of the equipment's feed link.");
        equipment.MapGet("/{id}/calendar-feed", FeedLinkAsync).WithName("EquipmentFeedLink")
            .WithSummary("The equipment's subscribable iCalendar URL, with its key, for calendar applications (409 when the lab revoked it).");
        equipment.MapPost("/{id}/calendar-feed/rotate", RotateFeedLinkAsync).TakesNoBody().WithName("RotateEquipmentFeedLink")
            .WithSummary("A new feed link; the earlier ones stop working, and a revoked feed is on again. The lab's managers and coordinators.");
        equipment.MapPost("/{id}/calendar-feed/revoke", RevokeFeedLinkAsync).TakesNoBody().WithName("RevokeEquipmentFeedLink")
            .WithSummary("Switch the feed off: every link stops working until a new one is made. The lab's managers and coordinators.");
        return app;
    }

    public static async Task<Results<Created<LabView>, ProblemHttpResult>> CreateLabAsync(
        CreateLabBody? body, ClaimsPrincipal user, IGrainFactory grains, DeskClock clock)
    {
        if (!user.ToActor().IsCoordinator)
        {
            return DeskResults.Forbidden("Only coordinators open labs.");
        }

        var managerIds = body?.ManagerIds?.Distinct().ToList() ?? [];
        var validation = new Validation()
            .Text(body?.Name, "name", NameMax)
            .Text(body?.PartnerId, "partnerId", 100)
            .Check(managerIds.Count > 0, "managerIds", "At least one manager is required.")
            .Check(managerIds.Count <= MaxManagers, "managerIds", $"A lab has at most {MaxManagers} managers.");
        if (!string.IsNullOrWhiteSpace(body?.PartnerId))
        {
            var partner = await grains.GetGrain<IOrganizationRegistryGrain>(0).GetAsync(body.PartnerId);
            validation.Check(partner?.Kind == OrganizationKind.Partner, "partnerId", "No partner organization has this id.");
        }

        foreach (var managerId in managerIds.Take(MaxManagers))
        {
            var account = string.IsNullOrWhiteSpace(managerId) ? null : await grains.GetGrain<IUserGrain>(managerId).GetAsync();
            validation.Check(
                account is not null && account.OrganizationId == body?.PartnerId && account.Roles.Contains(DeskRoles.LabManager),
                "managerIds",
                $"'{managerId}' is not a lab manager of the partner.");
        }

        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var lab = new LabView($"lab_{Guid.NewGuid():N}", body!.Name!.Trim(), body.PartnerId!, managerIds, clock.UtcNow);
        var created = await grains.GetGrain<ILabGrain>(lab.Id).CreateAsync(lab);
        return created.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/labs/{lab.Id}", created.Value);
    }

    public static async Task<Results<Ok<PageOf<LabView>>, ProblemHttpResult>> ListLabsAsync(IDeskLists lists, int? page, int? pageSize)
    {
        var validation = new Validation();
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        return TypedResults.Ok(ListJson.Read<LabView>(await lists.PageAsync(ListKeys.Labs, [ListKeys.All], null, paging.Page, paging.PageSize)));
    }

    public static async Task<Results<Ok<LabView>, ProblemHttpResult>> GetLabAsync(string id, IGrainFactory grains) =>
        await grains.GetGrain<ILabGrain>(id).GetAsync() is { } lab ? TypedResults.Ok(lab) : DeskResults.NotFound("Lab");

    public static async Task<Results<Ok<PageOf<EquipmentView>>, ProblemHttpResult>> ListEquipmentAsync(
        string id, IGrainFactory grains, int? page, int? pageSize)
    {
        var validation = new Validation();
        var paging = Paging.From(page, pageSize, validation);
        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        if (await grains.GetGrain<ILabGrain>(id).GetEquipmentIdsAsync() is not { } ids)
        {
            return DeskResults.NotFound("Lab");
        }

        var slice = paging.Slice(ids);
        var items = await Task.WhenAll(slice.Items.Select(e => grains.GetGrain<IEquipmentGrain>(e).GetAsync()));
        return TypedResults.Ok(new PageOf<EquipmentView>([.. items.OfType<EquipmentView>()], slice.Total, slice.Page, slice.PageSize));
    }

    public static async Task<Results<Created<EquipmentView>, ProblemHttpResult>> AddEquipmentAsync(
        string id, CreateEquipmentBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var actor = user.ToActor();
        if (!actor.IsCoordinator && !actor.Has(DeskRoles.LabManager))
        {
            return DeskResults.Forbidden("Only lab managers and coordinators add equipment.");
        }

        var validation = new Validation()
            .Text(body?.Name, "name", NameMax)
            .Text(body?.Description, "description", TextMax, required: false)
            .Check(body?.BufferMinutes is null or (>= 0 and <= 24 * 60), "bufferMinutes", "'bufferMinutes' must be from 0 to 1440.")
            .Check(body?.MinNoticeHours is null or (>= 0 and <= 24 * 366), "minNoticeHours", "'minNoticeHours' must be from 0 to 8784.")
            .Check(body?.MaxHours is null or (>= 1 and <= 24 * 31), "maxHours", "'maxHours' must be from 1 to 744.")
            .Text(body?.RequiredTrainingId, "requiredTrainingId", 100, required: false);
        if (!validation.Failed && !string.IsNullOrWhiteSpace(body?.RequiredTrainingId))
        {
            var training = await grains.GetGrain<ITrainingGrain>(body.RequiredTrainingId.Trim()).GetAsync(actor);
            validation.Check(training.Value is not null, "requiredTrainingId", "No training has this id.");
        }

        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var spec = new EquipmentSpec(
            body!.Name!.Trim(),
            string.IsNullOrWhiteSpace(body.Description) ? null : body.Description.Trim(),
            body.BufferMinutes ?? 0,
            body.MinNoticeHours ?? 0,
            body.MaxHours ?? DefaultMaxHours,
            string.IsNullOrWhiteSpace(body.RequiredTrainingId) ? null : body.RequiredTrainingId.Trim());
        var added = await grains.GetGrain<ILabGrain>(id).AddEquipmentAsync(actor, spec);
        return added.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/equipment/{added.Value!.Id}", added.Value);
    }

    public static async Task<Results<Ok<EquipmentView>, ProblemHttpResult>> GetEquipmentAsync(string id, IGrainFactory grains) =>
        await grains.GetGrain<IEquipmentGrain>(id).GetAsync() is { } equipment
            ? TypedResults.Ok(equipment)
            : DeskResults.NotFound("Equipment");

    public static async Task<Results<Created<BlackoutView>, ProblemHttpResult>> AddBlackoutAsync(
        string id, BlackoutBody? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var actor = user.ToActor();
        if (!actor.IsCoordinator && !actor.Has(DeskRoles.LabManager))
        {
            return DeskResults.Forbidden("Only lab managers and coordinators set blackouts.");
        }

        var validation = new Validation();
        var start = validation.Parse(body?.Start, "start");
        var end = validation.Parse(body?.End, "end");
        validation.Text(body?.Reason, "reason", TextMax);
        if (start is { } s && end is { } e)
        {
            validation.Check(e > s, "end", "'end' must be after 'start'.")
                .Check(e - s <= TimeSpan.FromDays(MaxCalendarDays), "end", $"A blackout lasts at most {MaxCalendarDays} days.");
        }

        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var added = await grains.GetGrain<IEquipmentGrain>(id).AddBlackoutAsync(actor, new BlackoutRequest(start!.Value, end!.Value, body!.Reason!.Trim()));
        return added.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Created($"/api/equipment/{id}/blackouts/{added.Value!.Id}", added.Value);
    }

    public static async Task<Results<Ok<IReadOnlyList<CalendarSlot>>, ProblemHttpResult>> CalendarAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, DeskClock clock, string? from, string? to)
    {
        var validation = new Validation();
        var start = validation.ParseQuery(from, "from", required: false) ?? clock.UtcNow;
        var end = validation.ParseQuery(to, "to", required: false) ?? start.AddDays(DefaultCalendarDays);
        if (!validation.Failed)
        {
            validation.Check(end > start, "to", "'to' must be after 'from'.")
                .Check(end - start <= TimeSpan.FromDays(MaxCalendarDays), "to", $"The range covers at most {MaxCalendarDays} days.");
        }

        if (validation.Failed)
        {
            return validation.ToHttp();
        }

        var calendar = await grains.GetGrain<IEquipmentGrain>(id).GetCalendarAsync(user.ToActor(), start, end);
        return calendar.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(calendar.Value!);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> FeedAsync(
        string id, string? key, ClaimsPrincipal user, IGrainFactory grains, IDataProtectionProvider protection)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            if (string.IsNullOrEmpty(key))
            {
                return DeskResults.Unauthorized("Sign in, or use the feed link from GET /api/equipment/{id}/calendar-feed.");
            }

            if (FeedKeys.Generation(protection, key, id) is not { } generation)
            {
                return DeskResults.Unauthorized("This feed key does not open this equipment's calendar.");
            }

            if (!await grains.GetGrain<IEquipmentGrain>(id).OpensFeedAsync(generation))
            {
                return DeskResults.Unauthorized("This feed link no longer works: the lab revoked it or made a new one.");
            }
        }

        var feed = await grains.GetGrain<IEquipmentGrain>(id).GetFeedAsync();
        return feed.Problem is { } problem
            ? problem.ToHttp()
            : TypedResults.Text(ToICalendar(feed.Value!), "text/calendar; charset=utf-8");
    }

    /// <summary>
    /// The feed link for someone who may see the equipment (404 otherwise). Its base is <c>Desk:PublicUrl</c>;
    /// unset, the link is relative to the desk (<c>/api/...</c>). The request's Host header is never used.
    /// </summary>
    public static async Task<Results<Ok<FeedLink>, ProblemHttpResult>> FeedLinkAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, IDataProtectionProvider protection, IOptions<DeskOptions> desk)
    {
        var ticket = await grains.GetGrain<IEquipmentGrain>(id).GetFeedTicketAsync(user.ToActor());
        return ticket.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(Link(ticket.Value!, protection, desk.Value));
    }

    public static async Task<Results<Ok<FeedLink>, ProblemHttpResult>> RotateFeedLinkAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, IDataProtectionProvider protection, IOptions<DeskOptions> desk)
    {
        var actor = user.ToActor();
        if (!actor.IsCoordinator && !actor.Has(DeskRoles.LabManager))
        {
            return DeskResults.Forbidden("Only lab managers and coordinators manage calendar feeds.");
        }

        var ticket = await grains.GetGrain<IEquipmentGrain>(id).RenewFeedAsync(actor);
        return ticket.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(Link(ticket.Value!, protection, desk.Value));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeFeedLinkAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var actor = user.ToActor();
        if (!actor.IsCoordinator && !actor.Has(DeskRoles.LabManager))
        {
            return DeskResults.Forbidden("Only lab managers and coordinators manage calendar feeds.");
        }

        var revoked = await grains.GetGrain<IEquipmentGrain>(id).RevokeFeedAsync(actor);
        return revoked.Problem is { } problem ? problem.ToHttp() : TypedResults.NoContent();
    }

    private static FeedLink Link(FeedTicket ticket, IDataProtectionProvider protection, DeskOptions desk)
    {
        var key = FeedKeys.For(protection, ticket);
        return new FeedLink(FeedKeys.Url(desk.PublicUrl, ticket.EquipmentId, key), key);
    }

    /// <summary>
    /// The feed as RFC 5545 text: one VEVENT per booking and blackout, UID <c>{id}@dih4s-desk</c>,
    /// neutral summaries ("Booked", "In use", "Unavailable") and no other text: purposes, bookers and
    /// blackout reasons stay private, as the feed opens with a link that may travel.
    /// </summary>
    public static string ToICalendar(EquipmentFeed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var calendar = new IcalCalendar { ProductId = "-//DIH4S//Desk//EN" };
        calendar.AddProperty("X-WR-CALNAME", feed.Equipment.Name);
        foreach (var booking in feed.Bookings)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{booking.BookingId}@{UidDomain}",
                Start = Utc(booking.Start),
                End = Utc(booking.End),
                DtStamp = Utc(booking.UpdatedAt),
                Sequence = booking.Version - 1,
                Summary = booking.State == BookingState.CheckedIn ? "In use" : "Booked",
                Status = Ical.Net.EventStatus.Confirmed,
                Transparency = Ical.Net.TransparencyType.Opaque,
            });
        }

        foreach (var blackout in feed.Blackouts)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{blackout.Id}@{UidDomain}",
                Start = Utc(blackout.Start),
                End = Utc(blackout.End),
                DtStamp = Utc(blackout.CreatedAt),
                Summary = "Unavailable",
                Status = Ical.Net.EventStatus.Confirmed,
                Transparency = Ical.Net.TransparencyType.Opaque,
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, CalDateTime.UtcTzId);
}
