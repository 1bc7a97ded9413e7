namespace DIH4S.Grains.Labs;

/// <summary>The clocks of the lab-booking lifecycle.</summary>
public sealed class BookingOptions
{
    public const string Section = "Bookings";

    /// <summary>Minutes after an approved booking's start without a check-in before it becomes a no-show and releases its slot.</summary>
    public double NoShowGraceMinutes { get; set; } = 15;

    /// <summary>
    /// How often a booking with a pending deadline checks its clock (an Orleans reminder period).
    /// Unset, it is the silo's <c>Orleans:MinimumReminderPeriod</c> (one minute by default).
    /// </summary>
    public TimeSpan? TimerCheckInterval { get; set; }

    public TimeSpan NoShowGrace => TimeSpan.FromMinutes(NoShowGraceMinutes);
}
