using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Labs;
using DIH4S.Contracts.Trainings;
using DIH4S.Grains.Lists;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains.Labs;

/// <summary>
/// One piece of equipment and the only authority on its calendar (ADR 0008). Being a grain, its calls
/// run one at a time: of two requests for one slot, the second sees the first's hold. A new booking
/// is held here first, then created; bookings report each later state back through <see cref="TrackAsync"/>.
/// </summary>
public sealed class EquipmentGrain(
    [PersistentState("equipment", DeskStorage.Name)] IPersistentState<EquipmentState> store,
    DeskClock clock,
    IDeskLists lists,
    IOptions<QuotaOptions> quotas) : Grain, IEquipmentGrain
{
    private EquipmentState S => store.State;

    private string Id => this.GetPrimaryKeyString();

    public async Task<Outcome<EquipmentView>> CreateAsync(LabView lab, EquipmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(spec);
        if (S.Exists)
        {
            return DeskProblem.Conflict("Equipment with this id already exists.");
        }

        S.Exists = true;
        S.LabId = lab.Id;
        S.PartnerId = lab.PartnerId;
        S.ManagerIds = [.. lab.ManagerIds];
        S.Name = spec.Name;
        S.Description = spec.Description;
        S.BufferMinutes = spec.BufferMinutes;
        S.MinNoticeHours = spec.MinNoticeHours;
        S.MaxHours = spec.MaxHours;
        S.RequiredTrainingId = spec.RequiredTrainingId;
        S.CreatedAt = clock.UtcNow;
        await store.WriteStateAsync();
        return View();
    }

    public Task<EquipmentView?> GetAsync() => Task.FromResult(S.Exists ? View() : null);

    /// <summary>
    /// The booking horizon (400) and the caps on pending bookings per person and organization (429). The
    /// caps are read from the booking lists, so two bookings made at the same instant may both pass: a cap
    /// against exhausting the calendars, not a count to the unit.
    /// </summary>
    private async Task<DeskProblem?> QuotaProblemAsync(Actor booker, BookingRequest request, DateTimeOffset now)
    {
        var limits = quotas.Value;
        var horizon = now.AddDays(limits.BookingHorizonDays);
        if (request.Start > horizon)
        {
            return DeskProblem.Invalid("start", $"Bookings can be made at most {limits.BookingHorizonDays} days ahead: start by {horizon:yyyy-MM-dd}.");
        }

        var pending = BookingRules.Kebab(BookingState.Pending);
        var mine = lists.CountAsync(ListKeys.Bookings, ListKeys.Person(booker.UserId), pending);
        var ours = lists.CountAsync(ListKeys.Bookings, ListKeys.Organization(booker.OrganizationId), pending);
        if (await mine >= limits.PendingBookingsPerPerson)
        {
            return DeskProblem.TooMany(
                "Too many pending bookings for one person.",
                $"You have {limits.PendingBookingsPerPerson} bookings waiting for a lab's decision; wait for one, or cancel one, before booking again.");
        }

        if (await ours >= limits.PendingBookingsPerOrganization)
        {
            return DeskProblem.TooMany(
                "Too many pending bookings for one organization.",
                $"Your organization has {limits.PendingBookingsPerOrganization} bookings waiting for a lab's decision.");
        }

        return null;
    }

    public async Task<Outcome<BookingView>> BookAsync(Actor booker, BookingRequest request)
    {
        ArgumentNullException.ThrowIfNull(booker);
        ArgumentNullException.ThrowIfNull(request);
        if (!S.Exists)
        {
            return DeskProblem.Invalid("equipmentId", "No equipment has this id.");
        }

        var now = clock.UtcNow;
        if (BookingRules.CheckRequest(View(), request.Start, request.End, now) is { } invalid)
        {
            return invalid;
        }

        if (await QuotaProblemAsync(booker, request, now) is { } quota)
        {
            return quota;
        }

        if (S.RequiredTrainingId is { } trainingId
            && !await GrainFactory.GetGrain<ITrainingTranscriptGrain>(booker.UserId).HasCompletedAsync(trainingId))
        {
            return DeskProblem.Conflict(
                "This equipment requires a completed training.",
                $"Complete the training '{trainingId}' before booking '{S.Name}'.");
        }

        if (BookingRules.FirstCollision(request.Start, request.End, S.Buffer, S.Holdings()) is { } collision)
        {
            return BookingRules.SlotTaken(collision, booker, S.ManagerIds, S.Buffer);
        }

        // Hold the slot before the booking exists: a failure in between may leave a hold without a
        // booking, never a booking without a hold.
        var id = $"bkg_{Guid.NewGuid():N}";
        S.Bookings[id] = new BookingSlot(id, booker.OrganizationId, request.Start, request.End, BookingState.Pending, 1, now);
        await store.WriteStateAsync();
        var booking = GrainFactory.GetGrain<IBookingGrain>(id);
        Outcome<BookingView> created;
        try
        {
            created = await booking.CreateAsync(
                booker, new NewBooking(Id, S.LabId, [.. S.ManagerIds], request.Start, request.End, request.Purpose));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The call failed, but the booking may have been stored all the same: release only when it was not.
            if ((await booking.GetAsync(Actor.System)).Problem?.Kind == ProblemKind.NotFound)
            {
                await ReleaseAsync(id);
            }

            throw;
        }

        if (created.Problem is not null)
        {
            await ReleaseAsync(id);
        }

        return created;
    }

    public async Task<Outcome<BlackoutView>> AddBlackoutAsync(Actor actor, BlackoutRequest request)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsCoordinator && !actor.Has(DeskRoles.LabManager))
        {
            return DeskProblem.Forbidden("Only lab managers and coordinators set blackouts.");
        }

        if (!S.Exists)
        {
            return DeskProblem.NotFound("Equipment");
        }

        if (!BookingRules.Manages(S.ManagerIds, actor))
        {
            return DeskProblem.Forbidden("Only the managers of this equipment's lab set its blackouts.");
        }

        if (request.End <= request.Start)
        {
            return DeskProblem.Invalid("end", "'end' must be after 'start'.");
        }

        var bookings = S.Holdings().Where(h => h.Kind == SlotKind.Booking);
        if (BookingRules.FirstCollision(request.Start, request.End, S.Buffer, bookings) is { } collision)
        {
            return BookingRules.SlotTaken(collision, actor, S.ManagerIds, S.Buffer);
        }

        var blackout = new BlackoutView($"blk_{Guid.NewGuid():N}", Id, request.Start, request.End, request.Reason, actor.UserId, clock.UtcNow);
        S.Blackouts[blackout.Id] = blackout;
        await store.WriteStateAsync();
        return blackout;
    }

    public async Task TrackAsync(BookingSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var known = S.Bookings.TryGetValue(slot.BookingId, out var current);
        if (known && current!.Version >= slot.Version)
        {
            return;
        }

        var keep = BookingRules.Holds(slot.State) || BookingRules.InFeed(slot.State);
        if (keep)
        {
            S.Bookings[slot.BookingId] = slot;
        }
        else if (!S.Bookings.Remove(slot.BookingId))
        {
            return;
        }

        await store.WriteStateAsync();
    }

    public Task<Outcome<IReadOnlyList<CalendarSlot>>> GetCalendarAsync(Actor actor, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!S.Exists)
        {
            return Task.FromResult<Outcome<IReadOnlyList<CalendarSlot>>>(DeskProblem.NotFound("Equipment"));
        }

        IReadOnlyList<CalendarSlot> slots = [.. S.Holdings()
            .Where(h => h.Start < to && from < h.End)
            .OrderBy(h => h.Start)
            .ThenBy(h => h.Id, StringComparer.Ordinal)
            .Select(h => new CalendarSlot(h.Start, h.End, h.Kind, MaySee(h, actor) ? h.Id : null, h.State))];
        return Task.FromResult(Outcome.Ok(slots));
    }

    public Task<Outcome<EquipmentFeed>> GetFeedAsync()
    {
        if (!S.Exists)
        {
            return Task.FromResult<Outcome<EquipmentFeed>>(DeskProblem.NotFound("Equipment"));
        }

        var feed = new EquipmentFeed(
            View(),
            [.. S.Bookings.Values.Where(b => BookingRules.InFeed(b.State)).OrderBy(b => b.Start)],
            [.. S.Blackouts.Values.OrderBy(b => b.Start)]);
        return Task.FromResult<Outcome<EquipmentFeed>>(feed);
    }

    public Task<Outcome<FeedTicket>> GetFeedTicketAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!MaySeeEquipment(actor))
        {
            return Task.FromResult<Outcome<FeedTicket>>(DeskProblem.NotFound("Equipment"));
        }

        return Task.FromResult<Outcome<FeedTicket>>(S.FeedRevoked
            ? DeskProblem.Conflict(
                "The calendar feed of this equipment is revoked.",
                "A manager of its lab can make a new link (POST /api/equipment/{id}/calendar-feed/rotate).")
            : Ticket());
    }

    public Task<Outcome<FeedTicket>> RenewFeedAsync(Actor actor) => ChangeFeedAsync(actor, revoked: false);

    public Task<Outcome<FeedTicket>> RevokeFeedAsync(Actor actor) => ChangeFeedAsync(actor, revoked: true);

    public Task<bool> OpensFeedAsync(int generation) =>
        Task.FromResult(S.Exists && !S.FeedRevoked && generation == S.FeedGeneration);

    private async Task<Outcome<FeedTicket>> ChangeFeedAsync(Actor actor, bool revoked)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsCoordinator && !actor.Has(DeskRoles.LabManager))
        {
            return DeskProblem.Forbidden("Only lab managers and coordinators manage calendar feeds.");
        }

        if (!MaySeeEquipment(actor))
        {
            return DeskProblem.NotFound("Equipment");
        }

        if (!BookingRules.Manages(S.ManagerIds, actor))
        {
            return DeskProblem.Forbidden("Only the managers of this equipment's lab manage its calendar feed.");
        }

        S.FeedGeneration++;
        S.FeedRevoked = revoked;
        await store.WriteStateAsync();
        return Ticket();
    }

    private FeedTicket Ticket() => new(Id, S.FeedGeneration);

    /// <summary>
    /// Who may see the equipment: everyone signed in, as for labs and calendars (ADR 0008). Feed links are
    /// made only for them; the one place to narrow it.
    /// </summary>
    private bool MaySeeEquipment(Actor actor) => S.Exists && !string.IsNullOrEmpty(actor.OrganizationId);

    private bool MaySee(Holding holding, Actor actor) =>
        holding.Kind == SlotKind.Booking
        && (actor.IsCoordinator || S.ManagerIds.Contains(actor.UserId) || holding.OrganizationId == actor.OrganizationId);

    private async Task ReleaseAsync(string bookingId)
    {
        S.Bookings.Remove(bookingId);
        await store.WriteStateAsync();
    }

    private EquipmentView View() => new(
        Id, S.LabId, S.PartnerId, S.Name, S.Description, S.BufferMinutes, S.MinNoticeHours, S.MaxHours, S.RequiredTrainingId, S.CreatedAt);
}
