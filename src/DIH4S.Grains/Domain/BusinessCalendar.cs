namespace DIH4S.Grains.Domain;

/// <summary>
/// Business-time arithmetic in the hub's time zone: adding business hours to an instant and
/// measuring the business time between two instants. Pure; daylight saving is handled by doing the
/// arithmetic on local wall-clock days and converting each end back to UTC.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly TimeZoneInfo _zone;
    private readonly TimeOnly _dayStart;
    private readonly TimeOnly _dayEnd;
    private readonly HashSet<DayOfWeek> _workingDays;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(BusinessHoursOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DayEnd <= options.DayStart)
        {
            throw new ArgumentException("The working day must end after it starts.", nameof(options));
        }

        var workingDays = options.WorkingDays ?? [.. BusinessHoursOptions.MondayToFriday];
        if (workingDays.Count == 0)
        {
            throw new ArgumentException("At least one working day is needed.", nameof(options));
        }

        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        _dayStart = options.DayStart;
        _dayEnd = options.DayEnd;
        _workingDays = [.. workingDays];
        _holidays = [.. options.Holidays];
    }

    /// <summary>The instant reached after <paramref name="amount"/> of business time from <paramref name="start"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan amount)
    {
        if (amount <= TimeSpan.Zero)
        {
            return start.ToUniversalTime();
        }

        var remaining = amount;
        var cursor = TimeZoneInfo.ConvertTime(start, _zone).DateTime;
        // Far enough for any realistic amount; guards against a calendar without working days.
        for (var guard = 0; guard < 366 * 20; guard++)
        {
            var date = DateOnly.FromDateTime(cursor);
            if (IsWorkingDay(date))
            {
                var open = date.ToDateTime(_dayStart);
                var close = date.ToDateTime(_dayEnd);
                var from = cursor > open ? cursor : open;
                if (from < close)
                {
                    var available = close - from;
                    if (remaining <= available)
                    {
                        return ToUtc(from + remaining);
                    }

                    remaining -= available;
                }
            }

            cursor = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        }

        throw new InvalidOperationException("The business calendar has no working time within twenty years.");
    }

    /// <summary>The business time that passes between two instants (zero when <paramref name="to"/> is not later).</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var localFrom = TimeZoneInfo.ConvertTime(from, _zone).DateTime;
        var localTo = TimeZoneInfo.ConvertTime(to, _zone).DateTime;
        var total = TimeSpan.Zero;
        for (var date = DateOnly.FromDateTime(localFrom); date <= DateOnly.FromDateTime(localTo); date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            var open = date.ToDateTime(_dayStart);
            var close = date.ToDateTime(_dayEnd);
            var start = localFrom > open ? localFrom : open;
            var end = localTo < close ? localTo : close;
            if (end > start)
            {
                total += end - start;
            }
        }

        return total;
    }

    private bool IsWorkingDay(DateOnly date) => _workingDays.Contains(date.DayOfWeek) && !_holidays.Contains(date);

    private DateTimeOffset ToUtc(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone), TimeSpan.Zero);
}
