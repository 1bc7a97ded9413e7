using DIH4S.Contracts.Trainings;

namespace DIH4S.Grains.Trainings;

[GenerateSerializer, Alias("dih4s.TrainingTranscriptState")]
public sealed class TrainingTranscriptState
{
    [Id(0)] public HashSet<string> Completed { get; set; } = [];
}

/// <summary>The trainings one person completed.</summary>
public sealed class TrainingTranscriptGrain(
    [PersistentState("trainingTranscript", DeskStorage.Name)] IPersistentState<TrainingTranscriptState> store)
    : Grain, ITrainingTranscriptGrain
{
    public async Task RecordAttendanceAsync(string trainingId, bool attended)
    {
        var changed = attended ? store.State.Completed.Add(trainingId) : store.State.Completed.Remove(trainingId);
        if (changed)
        {
            await store.WriteStateAsync();
        }
    }

    public Task<bool> HasCompletedAsync(string trainingId) => Task.FromResult(store.State.Completed.Contains(trainingId));
}
