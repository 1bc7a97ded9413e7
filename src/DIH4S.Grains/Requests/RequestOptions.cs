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

    /// <summary>How often a reminder armed by an earlier version of the desk, that fired early, tries again.</summary>
    public static readonly TimeSpan TimerRetryInterval = TimeSpan.FromHours(1);

    /// <summary>The longest such a reminder waits before it fires; a later deadline is re-aimed then.</summary>
    public static readonly TimeSpan LongestTimerWait = TimeSpan.FromDays(30);

    /// <summary>
    /// How often the deadline sweep looks for requests whose deadline has passed (ADR 0005): an Orleans
    /// reminder period, raised to the silo's <c>Cluster:MinimumReminderPeriod</c> when smaller, which is
    /// also the default (one minute). A deadline is acted on within this long after it passes.
    /// </summary>
    public TimeSpan? TimerCheckInterval { get; set; }
}
