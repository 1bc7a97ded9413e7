using DIH4S.Grains.Domain;

namespace DIH4S.Grains.Tests.Domain;

public sealed class CheckIntervalsTests
{
    private static readonly ReminderOptions Silo = new() { MinimumReminderPeriod = TimeSpan.FromMinutes(1) };

    [Theory]
    [InlineData(null, 60)]
    [InlineData(30, 60)]
    [InlineData(60, 60)]
    [InlineData(300, 300)]
    public void TheCheckIntervalIsTheConfiguredOneButNeverBelowTheSilosMinimum(int? configuredSeconds, int expectedSeconds)
    {
        var configured = configuredSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;

        CheckIntervals.Of(configured, Silo).ShouldBe(TimeSpan.FromSeconds(expectedSeconds));
    }
}
