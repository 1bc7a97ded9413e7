using DIH4S.Grains.Domain;

namespace DIH4S.Grains.Tests.Domain;

/// <summary>
/// Business time in Bucharest, Mon–Fri 09:00–17:00. Instants are written with their local offset:
/// +02:00 in winter (EET), +03:00 in summer (EEST); in 2026 summer time runs from 29 March to 25 October.
/// </summary>
public sealed class BusinessCalendarTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(2);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(3);
    private static readonly BusinessCalendar Calendar = new(new BusinessHoursOptions());

    private static DateTimeOffset Nov(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, Winter);

    [Fact]
    public void SixteenBusinessHoursFromFridayNoonEndTuesdayNoonInBucharest()
    {
        // Friday 2026-11-20 12:00 in Bucharest (UTC+2) is 10:00 UTC.
        var due = Calendar.Add(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(16));

        due.ShouldBe(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void AddingWithinTheDayStaysOnTheDay()
    {
        Calendar.Add(Nov(24, 10, 15), TimeSpan.FromHours(2.5)).ShouldBe(Nov(24, 12, 45));
    }

    [Fact]
    public void AddingPastClosingTimeContinuesNextMorning()
    {
        Calendar.Add(Nov(24, 15, 0), TimeSpan.FromHours(3)).ShouldBe(Nov(25, 10, 0));
    }

    [Fact]
    public void AddingAcrossTheWeekendSkipsSaturdayAndSunday()
    {
        // Friday 15:00 + 4 h: two on Friday, two on Monday.
        Calendar.Add(Nov(27, 15, 0), TimeSpan.FromHours(4)).ShouldBe(Nov(30, 11, 0));
    }

    [Fact]
    public void AddingAWholeWorkingWeekLandsOnTheSameTimeAWeekLater()
    {
        Calendar.Add(Nov(24, 11, 0), TimeSpan.FromHours(40)).ShouldBe(new DateTimeOffset(2026, 12, 1, 11, 0, 0, Winter));
    }

    [Fact]
    public void StartingBeforeOpeningCountsFromOpening()
    {
        Calendar.Add(Nov(24, 7, 30), TimeSpan.FromHours(3)).ShouldBe(Nov(24, 12, 0));
    }

    [Fact]
    public void StartingAfterClosingCountsFromTheNextOpening()
    {
        Calendar.Add(Nov(24, 18, 0), TimeSpan.FromHours(1)).ShouldBe(Nov(25, 10, 0));
        Calendar.Add(Nov(27, 17, 0), TimeSpan.FromHours(1)).ShouldBe(Nov(30, 10, 0));
    }

    [Fact]
    public void StartingOnTheWeekendCountsFromMondayMorning()
    {
        Calendar.Add(Nov(28, 12, 0), TimeSpan.FromHours(1)).ShouldBe(Nov(30, 10, 0));
        Calendar.Add(Nov(29, 23, 59), TimeSpan.FromMinutes(30)).ShouldBe(Nov(30, 9, 30));
    }

    [Fact]
    public void AWholeDaysWorkFromOpeningEndsAtClosingTheSameDay()
    {
        Calendar.Add(Nov(24, 9, 0), TimeSpan.FromHours(8)).ShouldBe(Nov(24, 17, 0));
    }

    [Fact]
    public void AddingNothingReturnsTheStart()
    {
        Calendar.Add(Nov(28, 12, 0), TimeSpan.Zero).ShouldBe(Nov(28, 12, 0));
        Calendar.Add(Nov(24, 12, 0), TimeSpan.FromHours(-1)).ShouldBe(Nov(24, 12, 0));
    }

    [Fact]
    public void ResultIsExpressedInUtc()
    {
        Calendar.Add(Nov(24, 10, 0), TimeSpan.FromHours(1)).Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void AddingAcrossTheSpringChangeKeepsTheLocalWorkingDay()
    {
        // Clocks go forward on Sunday 2026-03-29: Friday is UTC+2, Monday UTC+3.
        var fridayAfternoon = new DateTimeOffset(2026, 3, 27, 16, 0, 0, Winter);

        Calendar.Add(fridayAfternoon, TimeSpan.FromHours(2)).ShouldBe(new DateTimeOffset(2026, 3, 30, 10, 0, 0, Summer));
        Calendar.Add(fridayAfternoon, TimeSpan.FromHours(10)).ShouldBe(new DateTimeOffset(2026, 3, 31, 10, 0, 0, Summer));
    }

    [Fact]
    public void AddingAcrossTheAutumnChangeKeepsTheLocalWorkingDay()
    {
        // Clocks go back on Sunday 2026-10-25: Friday is UTC+3, Monday UTC+2.
        var fridayAfternoon = new DateTimeOffset(2026, 10, 23, 16, 0, 0, Summer);

        Calendar.Add(fridayAfternoon, TimeSpan.FromHours(2)).ShouldBe(new DateTimeOffset(2026, 10, 26, 10, 0, 0, Winter));
    }

    [Fact]
    public void BetweenCountsTheSameWorkingHoursAcrossTheClockChanges()
    {
        Calendar.Between(new DateTimeOffset(2026, 3, 27, 16, 0, 0, Winter), new DateTimeOffset(2026, 3, 30, 10, 0, 0, Summer))
            .ShouldBe(TimeSpan.FromHours(2));
        Calendar.Between(new DateTimeOffset(2026, 10, 23, 16, 0, 0, Summer), new DateTimeOffset(2026, 10, 26, 10, 0, 0, Winter))
            .ShouldBe(TimeSpan.FromHours(2));
        Calendar.Between(new DateTimeOffset(2026, 3, 23, 9, 0, 0, Winter), new DateTimeOffset(2026, 3, 30, 9, 0, 0, Summer))
            .ShouldBe(TimeSpan.FromHours(40));
    }

    [Fact]
    public void HolidaysAreNotWorked()
    {
        // Monday 30 November (St Andrew) and Tuesday 1 December (National Day) are public holidays in Romania.
        var calendar = new BusinessCalendar(new BusinessHoursOptions { Holidays = [new(2026, 11, 30), new(2026, 12, 1)] });
        var fridayAfternoon = Nov(27, 16, 0);
        var wednesdayMorning = new DateTimeOffset(2026, 12, 2, 10, 0, 0, Winter);

        calendar.Add(fridayAfternoon, TimeSpan.FromHours(2)).ShouldBe(wednesdayMorning);
        calendar.Between(fridayAfternoon, wednesdayMorning).ShouldBe(TimeSpan.FromHours(2));
        calendar.Add(Nov(30, 10, 0), TimeSpan.FromHours(1)).ShouldBe(new DateTimeOffset(2026, 12, 2, 10, 0, 0, Winter));
        Calendar.Between(fridayAfternoon, wednesdayMorning).ShouldBe(TimeSpan.FromHours(18));
    }

    [Fact]
    public void WorkingDaysAndHoursAreConfigurable()
    {
        var calendar = new BusinessCalendar(new BusinessHoursOptions
        {
            DayStart = new(8, 0),
            DayEnd = new(12, 0),
            WorkingDays = [DayOfWeek.Monday, DayOfWeek.Wednesday],
        });

        // Wednesday 11:00 + 2 h: one hour on Wednesday, the next working hour is Monday 08:00–09:00.
        calendar.Add(Nov(25, 11, 0), TimeSpan.FromHours(2)).ShouldBe(Nov(30, 9, 0));
        calendar.Between(Nov(23, 0, 0), Nov(30, 0, 0)).ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public void ACalendarNeedsADayThatEndsAfterItStartsAndAtLeastOneWorkingDay()
    {
        Should.Throw<ArgumentException>(() => new BusinessCalendar(new BusinessHoursOptions { DayStart = new(17, 0), DayEnd = new(9, 0) }));
        Should.Throw<ArgumentException>(() => new BusinessCalendar(new BusinessHoursOptions { DayStart = new(9, 0), DayEnd = new(9, 0) }));
        Should.Throw<ArgumentException>(() => new BusinessCalendar(new BusinessHoursOptions { WorkingDays = [] }));
    }

    [Fact]
    public void BetweenInsideOneDayIsTheElapsedTime()
    {
        Calendar.Between(Nov(24, 10, 15), Nov(24, 13, 45)).ShouldBe(TimeSpan.FromHours(3.5));
    }

    [Fact]
    public void BetweenIgnoresTimeOutsideWorkingHours()
    {
        Calendar.Between(Nov(24, 6, 0), Nov(24, 23, 0)).ShouldBe(TimeSpan.FromHours(8));
        Calendar.Between(Nov(24, 6, 0), Nov(24, 8, 59)).ShouldBe(TimeSpan.Zero);
        Calendar.Between(Nov(24, 17, 0), Nov(25, 9, 0)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void BetweenAcrossANightCountsBothEvenings()
    {
        Calendar.Between(Nov(24, 15, 0), Nov(25, 11, 0)).ShouldBe(TimeSpan.FromHours(4));
    }

    [Fact]
    public void BetweenAcrossAWeekendCountsOnlyFridayAndMonday()
    {
        Calendar.Between(Nov(27, 15, 0), Nov(30, 11, 0)).ShouldBe(TimeSpan.FromHours(4));
        Calendar.Between(Nov(28, 9, 0), Nov(29, 17, 0)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void BetweenOfAReversedOrEmptyRangeIsZero()
    {
        Calendar.Between(Nov(25, 11, 0), Nov(24, 15, 0)).ShouldBe(TimeSpan.Zero);
        Calendar.Between(Nov(24, 12, 0), Nov(24, 12, 0)).ShouldBe(TimeSpan.Zero);
    }

    public static TheoryData<DateTimeOffset> Starts() =>
    [
        Nov(24, 10, 0),                                      // Tuesday morning
        Nov(24, 16, 59),                                     // a minute before closing
        Nov(24, 17, 0),                                      // at closing
        Nov(24, 3, 0),                                       // in the night
        Nov(27, 14, 20),                                     // Friday afternoon
        Nov(28, 11, 0),                                      // Saturday
        new DateTimeOffset(2026, 3, 27, 16, 0, 0, Winter),   // the Friday before summer time
        new DateTimeOffset(2026, 10, 22, 12, 30, 0, Summer), // the Thursday before winter time
        new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.Zero), // across the new year, written in UTC
    ];

    [Theory]
    [MemberData(nameof(Starts))]
    public void BetweenMeasuresExactlyWhatAddAdded(DateTimeOffset start)
    {
        TimeSpan[] amounts =
        [
            TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(45), TimeSpan.FromHours(1), TimeSpan.FromHours(7.5),
            TimeSpan.FromHours(8), TimeSpan.FromHours(16), TimeSpan.FromHours(37.25), TimeSpan.FromHours(80), TimeSpan.FromHours(400),
        ];

        foreach (var amount in amounts)
        {
            var end = Calendar.Add(start, amount);

            Calendar.Between(start, end).ShouldBe(amount, $"{amount} from {start:O} ends {end:O}");
            var local = TimeZoneInfo.ConvertTime(end, TimeZoneInfo.FindSystemTimeZoneById("Europe/Bucharest"));
            local.DayOfWeek.ShouldNotBeOneOf(DayOfWeek.Saturday, DayOfWeek.Sunday);
            TimeOnly.FromTimeSpan(local.TimeOfDay).IsBetween(new(9, 0), new(17, 0, 0, 1)).ShouldBeTrue($"{local:O}");
        }
    }
}
