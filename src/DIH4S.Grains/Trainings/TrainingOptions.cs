namespace DIH4S.Grains.Trainings;

/// <summary>The clocks of a training, fixed into each training when it is created.</summary>
public sealed class TrainingOptions
{
    public const string Section = "Trainings";

    /// <summary>How long before the start attendees may no longer cancel, when the creator names no deadline.</summary>
    public TimeSpan DefaultCancellationNotice { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long before the start the trainer may begin marking attendance.</summary>
    public TimeSpan AttendanceOpensBeforeStart { get; set; } = TimeSpan.FromHours(1);
}
