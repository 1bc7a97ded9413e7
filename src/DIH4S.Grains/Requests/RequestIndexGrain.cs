using DIH4S.Contracts;
using DIH4S.Contracts.Requests;

namespace DIH4S.Grains.Requests;

[GenerateSerializer, Alias("dih4s.RequestIndexState")]
public sealed class RequestIndexState
{
    [Id(0)] public Dictionary<string, RequestIndexEntry> Entries { get; set; } = [];
}

/// <summary>The requests one audience may list; entries are small so a page costs one read here plus a page of request reads.</summary>
public sealed class RequestIndexGrain(
    [PersistentState("requestIndex", DeskStorage.Name)] IPersistentState<RequestIndexState> store) : Grain, IRequestIndexGrain
{
    public async Task UpsertAsync(RequestIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (store.State.Entries.TryGetValue(entry.RequestId, out var existing) && existing == entry)
        {
            return;
        }

        store.State.Entries[entry.RequestId] = entry;
        await store.WriteStateAsync();
    }

    public async Task RemoveAsync(string requestId)
    {
        if (store.State.Entries.Remove(requestId))
        {
            await store.WriteStateAsync();
        }
    }

    public Task<PageOf<string>> QueryAsync(RequestState? state, int page, int pageSize)
    {
        var matching = store.State.Entries.Values
            .Where(e => state is null || e.State == state)
            .OrderByDescending(e => e.CreatedAt)
            .ThenBy(e => e.RequestId, StringComparer.Ordinal)
            .ToList();
        IReadOnlyList<string> ids = [.. matching.Skip((page - 1) * pageSize).Take(pageSize).Select(e => e.RequestId)];
        return Task.FromResult(new PageOf<string>(ids, matching.Count, page, pageSize));
    }
}
