using DIH4S.Grains.Domain;

namespace DIH4S.Grains.Tests.Domain;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar Calendar = new(new BusinessHoursOptions());

    [Fact]
    public void SixteenBusinessHoursFromFridayNoonEndTuesdayNoonInBucharest()
    {
        // Friday 2026-11-20 12:00 in Bucharest (UTC+2) is 10:00 UTC.
        var due = Calendar.Add(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(16));

        due.ShouldBe(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    }
}
