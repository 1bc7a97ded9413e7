namespace DIH4S.Grains.Domain;

/// <summary>When the hub works: the SLA and acceptance clocks only count these hours.</summary>
public sealed class BusinessHoursOptions
{
    public const string Section = "BusinessHours";

    /// <summary>IANA time zone of the hub.</summary>
    public string TimeZone { get; set; } = "Europe/Bucharest";

    /// <summary>Start of the working day, local time.</summary>
    public TimeOnly DayStart { get; set; } = new(9, 0);

    /// <summary>End of the working day, local time.</summary>
    public TimeOnly DayEnd { get; set; } = new(17, 0);

    /// <summary>The working week when <see cref="WorkingDays"/> is not set.</summary>
    public static readonly IReadOnlyList<DayOfWeek> MondayToFriday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>
    /// Working days of the week; null means Monday to Friday. (A default list here would be appended
    /// to, not replaced, by configuration binding.)
    /// </summary>
    public List<DayOfWeek>? WorkingDays { get; set; }

    /// <summary>Public holidays (local dates) on which nobody works.</summary>
    public List<DateOnly> Holidays { get; set; } = [];
}
