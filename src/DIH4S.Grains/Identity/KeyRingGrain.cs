using DIH4S.Contracts.Identity;

namespace DIH4S.Grains.Identity;

[GenerateSerializer, Alias("dih4s.KeyRingState")]
public sealed class KeyRingState
{
    [Id(0)] public List<string> Elements { get; set; } = [];
}

/// <summary>The data-protection key ring shared by all nodes (tokens issued by one node are read by any other).</summary>
public sealed class KeyRingGrain(
    [PersistentState("keyRing", DeskStorage.Name)] IPersistentState<KeyRingState> store) : Grain, IKeyRingGrain
{
    public Task<IReadOnlyList<string>> GetElementsAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. store.State.Elements]);

    public async Task StoreElementAsync(string friendlyName, string xml)
    {
        store.State.Elements.Add(xml);
        await store.WriteStateAsync();
    }
}
