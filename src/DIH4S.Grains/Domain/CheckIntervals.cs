namespace DIH4S.Grains.Domain;

/// <summary>
/// The period of the reminders with which grains check their deadlines: the configured interval, but
/// never below the silo's minimum reminder period, which Orleans would refuse.
/// </summary>
public static class CheckIntervals
{
    public static TimeSpan Of(TimeSpan? configured, ReminderOptions reminders)
    {
        ArgumentNullException.ThrowIfNull(reminders);
        var minimum = reminders.MinimumReminderPeriod;
        return configured is { } interval && interval > minimum ? interval : minimum;
    }
}
