using System.Globalization;

namespace DIH4S.Web.Services;

/// <summary>Times as the hub lives them: in Europe/Bucharest, written the way the chosen language writes them.</summary>
public static class DeskTime
{
    public static TimeZoneInfo Zone { get; } = FindZone();

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Date and time, e.g. 25.11.2026 10:00 in Romanian, 25/11/2026 10:00 in English.</summary>
    public static string Format(DateTimeOffset instant) => ToLocal(instant).ToString("g", CultureInfo.CurrentCulture);

    public static string Format(DateTimeOffset? instant) => instant is { } value ? Format(value) : "";

    public static string FormatDate(DateTimeOffset instant) => ToLocal(instant).ToString("d", CultureInfo.CurrentCulture);

    public static string FormatTime(DateTimeOffset instant) => ToLocal(instant).ToString("t", CultureInfo.CurrentCulture);

    /// <summary>The instant of a local date and time in the hub's zone (what a person picks in a form).</summary>
    public static DateTimeOffset FromLocal(DateTime date, TimeSpan time)
    {
        var local = DateTime.SpecifyKind(date.Date + time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>Monday 00:00 (hub time) of the week holding <paramref name="instant"/>.</summary>
    public static DateTime WeekStart(DateTimeOffset instant)
    {
        var local = ToLocal(instant).Date;
        var offset = ((int)local.DayOfWeek + 6) % 7;
        return local.AddDays(-offset);
    }

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Bucharest");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
