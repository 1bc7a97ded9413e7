using DIH4S.Web.Pages.Labs;
using DIH4S.Web.Services;

namespace DIH4S.Web.Tests.Labs;

public sealed class WeekGridTests
{
    private static CalendarSlot Slot(DateTimeOffset start, DateTimeOffset end, string kind = "booking", string? state = BookingStates.Approved) =>
        new(start, end, kind, null, state);

    [Fact]
    public void TheWeekStartsOnMondayInBucharestEvenLateOnSundayInUtc()
    {
        // Sunday 29 November 2026, 22:30 UTC is already Monday 30 November in Bucharest.
        WeekGrid.WeekOf(new DateTimeOffset(2026, 11, 29, 22, 30, 0, TimeSpan.Zero)).ShouldBe(new DateTime(2026, 11, 30));
        var grid = new WeekGrid(new DateTime(2026, 11, 30), []);
        grid.From.ShouldBe(new DateTimeOffset(2026, 11, 29, 22, 0, 0, TimeSpan.Zero));
        grid.To.ShouldBe(new DateTimeOffset(2026, 12, 6, 22, 0, 0, TimeSpan.Zero));
        grid.Days.Count().ShouldBe(7);
        WeekGrid.Hours.ShouldBe(Enumerable.Range(7, 14));
    }

    [Fact]
    public void HoursFollowSummerTimeToo()
    {
        // Monday 22 June 2026: Bucharest is UTC+3, so 09:00–10:00 UTC is the 12:00 row.
        var grid = new WeekGrid(new DateTime(2026, 6, 22), [Slot(new(2026, 6, 22, 9, 0, 0, TimeSpan.Zero), new(2026, 6, 22, 10, 0, 0, TimeSpan.Zero))]);
        grid.SlotAt(new DateTime(2026, 6, 22), 12).ShouldNotBeNull();
        grid.SlotAt(new DateTime(2026, 6, 22), 11).ShouldBeNull();
        grid.SlotAt(new DateTime(2026, 6, 22), 13).ShouldBeNull();
    }

    [Fact]
    public void AHourPartlyHeldCountsAsHeldAndABlackoutWins()
    {
        var day = new DateTime(2026, 11, 24);
        var grid = new WeekGrid(new DateTime(2026, 11, 23),
        [
            Slot(new(2026, 11, 24, 8, 30, 0, TimeSpan.Zero), new(2026, 11, 24, 9, 15, 0, TimeSpan.Zero), state: BookingStates.Pending),
            Slot(new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), kind: "blackout", state: null),
        ]);

        WeekGrid.CssClass(grid.SlotAt(day, 10)!).ShouldBe("pending");
        WeekGrid.CssClass(grid.SlotAt(day, 11)!).ShouldBe("blackout");
        grid.SlotAt(day, 12).ShouldBeNull();
    }
}
