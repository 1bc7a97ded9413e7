namespace DIH4S.Grains.Requests;

/// <summary>The clocks of the service-request lifecycle.</summary>
public sealed class RequestOptions
{
    public const string Section = "Requests";

    /// <summary>Business hours partners have to accept an open request before it escalates.</summary>
    public double AcceptanceBusinessHours { get; set; } = 16;

    /// <summary>Business hours from acceptance to delivery (paused while waiting on the customer).</summary>
    public double ResolutionBusinessHours { get; set; } = 80;

    /// <summary>Days after delivery without an answer from the customer before the request closes itself.</summary>
    public double AutoCloseDays { get; set; } = 14;

    /// <summary>How often a timer that found its deadline not yet passed (it fired early) tries again.</summary>
    public static readonly TimeSpan TimerRetryInterval = TimeSpan.FromHours(1);

    /// <summary>The longest a reminder is set to wait before it fires; a later deadline is re-aimed then.</summary>
    public static readonly TimeSpan LongestTimerWait = TimeSpan.FromDays(30);

    /// <summary>
    /// Unset (the default): a request's timer fires at its deadline. Set: it also checks the clock this
    /// often while a deadline is pending, for a business clock that jumps (tests); an Orleans reminder
    /// period, raised to the silo's <c>Orleans:MinimumReminderPeriod</c> when smaller.
    /// </summary>
    public TimeSpan? TimerCheckInterval { get; set; }
}
