using DIH4S.Web.Services;

namespace DIH4S.Web.Pages.Labs;

/// <summary>
/// One week of a piece of equipment's calendar as the page draws it: Monday to Sunday, hour rows from
/// 07:00 to 21:00 in the hub's time (Europe/Bucharest), each cell marked by the slot that holds it.
/// </summary>
public sealed class WeekGrid
{
    public const int FirstHour = 7;
    public const int EndHour = 21;

    private readonly IReadOnlyList<CalendarSlot> _slots;

    /// <param name="weekStart">Monday of the week (a local date in the hub's zone).</param>
    /// <param name="slots">The intervals holding the equipment in that week.</param>
    public WeekGrid(DateTime weekStart, IReadOnlyList<CalendarSlot> slots)
    {
        WeekStart = weekStart.Date;
        _slots = slots ?? [];
    }

    public DateTime WeekStart { get; }

    /// <summary>Monday 00:00 to the next Monday 00:00, hub time, as instants (what the calendar route is asked for).</summary>
    public DateTimeOffset From => DeskTime.FromLocal(WeekStart, TimeSpan.Zero);

    public DateTimeOffset To => DeskTime.FromLocal(WeekStart.AddDays(7), TimeSpan.Zero);

    public IEnumerable<DateTime> Days => Enumerable.Range(0, 7).Select(d => WeekStart.AddDays(d));

    public static IEnumerable<int> Hours => Enumerable.Range(FirstHour, EndHour - FirstHour);

    /// <summary>The slots of the week in time order.</summary>
    public IEnumerable<CalendarSlot> Slots => _slots.OrderBy(s => s.Start);

    /// <summary>The week of the instant's day, for the first page shown.</summary>
    public static DateTime WeekOf(DateTimeOffset instant) => DeskTime.WeekStart(instant);

    /// <summary>The slot holding the hour from <paramref name="hour"/>:00 of <paramref name="day"/>; a blackout wins over a booking.</summary>
    public CalendarSlot? SlotAt(DateTime day, int hour)
    {
        var start = DeskTime.FromLocal(day, TimeSpan.FromHours(hour));
        var end = DeskTime.FromLocal(day, TimeSpan.FromHours(hour + 1));
        return _slots
            .Where(s => s.Start < end && s.End > start)
            .OrderBy(s => s.Kind == "blackout" ? 0 : s.State == BookingStates.Pending ? 2 : 1)
            .FirstOrDefault();
    }

    /// <summary>An interval in hub time, e.g. 26/11/2026 12:00 – 14:00 (the end's date only when it differs).</summary>
    public static string Span(DateTimeOffset start, DateTimeOffset end)
    {
        var sameDay = DeskTime.ToLocal(start).Date == DeskTime.ToLocal(end).Date;
        return $"{DeskTime.Format(start)} – {(sameDay ? DeskTime.FormatTime(end) : DeskTime.Format(end))}";
    }

    /// <summary>The CSS class of a held cell (app.css: busy, pending, blackout).</summary>
    public static string CssClass(CalendarSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return slot.Kind == "blackout" ? "blackout" : slot.State == BookingStates.Pending ? "pending" : "busy";
    }
}
