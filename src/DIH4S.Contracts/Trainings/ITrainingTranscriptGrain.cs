namespace DIH4S.Contracts.Trainings;

/// <summary>
/// The trainings one person has completed (key: the user id). Trainers' attendance marks write
/// it; equipment that requires a training reads it before accepting a booking.
/// </summary>
[Alias("dih4s.ITrainingTranscriptGrain")]
public interface ITrainingTranscriptGrain : IGrainWithStringKey
{
    /// <summary>Records whether the person attended the training (a no-show removes an earlier completion).</summary>
    [Alias("RecordAttendanceAsync")]
    Task RecordAttendanceAsync(string trainingId, bool attended);

    /// <summary>Whether the person attended the training.</summary>
    [Alias("HasCompletedAsync")]
    Task<bool> HasCompletedAsync(string trainingId);
}
