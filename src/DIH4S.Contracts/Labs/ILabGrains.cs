using DIH4S.Contracts.Identity;

namespace DIH4S.Contracts.Labs;

/// <summary>One lab (key <c>lab_...</c>): its partner, its managers and its equipment.</summary>
[Alias("dih4s.ILabGrain")]
public interface ILabGrain : IGrainWithStringKey
{
    /// <summary>Stores a new lab (the host has checked the partner and the managers) and lists it.</summary>
    [Alias("CreateAsync")]
    Task<Outcome<LabView>> CreateAsync(LabView lab);

    /// <summary>The lab, or null when unknown.</summary>
    [Alias("GetAsync")]
    Task<LabView?> GetAsync();

    /// <summary>Adds equipment; only the lab's managers and coordinators may.</summary>
    [Alias("AddEquipmentAsync")]
    Task<Outcome<EquipmentView>> AddEquipmentAsync(Actor actor, EquipmentSpec spec);

    /// <summary>The ids of the lab's equipment, oldest first; null when the lab is unknown.</summary>
    [Alias("GetEquipmentIdsAsync")]
    Task<IReadOnlyList<string>?> GetEquipmentIdsAsync();
}

/// <summary>
/// One piece of equipment (key <c>eqp_...</c>) and the only authority on its calendar: bookings are
/// created through it and blackouts set on it, one call at a time, so two holders of one slot
/// cannot both be accepted.
/// </summary>
[Alias("dih4s.IEquipmentGrain")]
public interface IEquipmentGrain : IGrainWithStringKey
{
    /// <summary>Stores new equipment of the lab; called by the lab.</summary>
    [Alias("CreateAsync")]
    Task<Outcome<EquipmentView>> CreateAsync(LabView lab, EquipmentSpec spec);

    /// <summary>The equipment, or null when unknown.</summary>
    [Alias("GetAsync")]
    Task<EquipmentView?> GetAsync();

    /// <summary>
    /// Checks the request against the equipment's rules (notice, length, training) and its calendar
    /// (bookings and blackouts, with the buffer); when the slot is free, holds it and creates the booking.
    /// </summary>
    [Alias("BookAsync")]
    Task<Outcome<BookingView>> BookAsync(Actor booker, BookingRequest request);

    /// <summary>Blocks an interval; refused when it collides with a booking that holds its slot.</summary>
    [Alias("AddBlackoutAsync")]
    Task<Outcome<BlackoutView>> AddBlackoutAsync(Actor actor, BlackoutRequest request);

    /// <summary>A booking reports its new state: the calendar updates or releases its slot. Older versions are ignored.</summary>
    [Alias("TrackAsync")]
    Task TrackAsync(BookingSlot slot);

    /// <summary>The intervals holding the equipment that overlap [from, to), by start.</summary>
    [Alias("GetCalendarAsync")]
    Task<Outcome<IReadOnlyList<CalendarSlot>>> GetCalendarAsync(Actor actor, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The equipment's bookings (holding or completed) and blackouts, for the iCalendar feed.</summary>
    [Alias("GetFeedAsync")]
    Task<Outcome<EquipmentFeed>> GetFeedAsync();

    /// <summary>
    /// The feed's current generation, for a link made for the actor: not found when the equipment is unknown
    /// or the actor may not see it, a conflict when the lab revoked the feed.
    /// </summary>
    [Alias("GetFeedTicketAsync")]
    Task<Outcome<FeedTicket>> GetFeedTicketAsync(Actor actor);

    /// <summary>A new feed generation, switching a revoked feed back on: earlier links stop working. The lab's managers and coordinators.</summary>
    [Alias("RenewFeedAsync")]
    Task<Outcome<FeedTicket>> RenewFeedAsync(Actor actor);

    /// <summary>Switches the feed off: every link stops working and none is given until a new one is made. The lab's managers and coordinators.</summary>
    [Alias("RevokeFeedAsync")]
    Task<Outcome<FeedTicket>> RevokeFeedAsync(Actor actor);

    /// <summary>Whether a key of this generation opens the feed now.</summary>
    [Alias("OpensFeedAsync")]
    Task<bool> OpensFeedAsync(int generation);
}

/// <summary>One lab booking (key <c>bkg_...</c>): the only authority on its state and history.</summary>
[Alias("dih4s.IBookingGrain")]
public interface IBookingGrain : IGrainWithStringKey
{
    /// <summary>Creates the booking in state pending; called by the equipment once the slot is held.</summary>
    [Alias("CreateAsync")]
    Task<Outcome<BookingView>> CreateAsync(Actor booker, NewBooking booking);

    /// <summary>The booking as the actor may see it.</summary>
    [Alias("GetAsync")]
    Task<Outcome<BookingView>> GetAsync(Actor actor);

    /// <summary>Performs a lifecycle action; one version per accepted action.</summary>
    [Alias("ActAsync")]
    Task<Outcome<BookingView>> ActAsync(Actor actor, BookingCommand command);

    /// <summary>One entry per version, in order.</summary>
    [Alias("GetHistoryAsync")]
    Task<Outcome<IReadOnlyList<BookingHistoryEntry>>> GetHistoryAsync(Actor actor);
}
