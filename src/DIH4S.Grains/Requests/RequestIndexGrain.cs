using DIH4S.Contracts;
using DIH4S.Contracts.Requests;

namespace DIH4S.Grains.Requests;

[GenerateSerializer, Alias("dih4s.RequestIndexState")]
public sealed class RequestIndexState
{
    [Id(0)] public Dictionary<string, RequestIndexEntry> Entries { get; set; } = [];

    /// <summary>When each entry was first added: orders requests created at the same instant.</summary>
    [Id(1)] public Dictionary<string, long> AddedOrder { get; set; } = [];

    [Id(2)] public long NextOrder { get; set; }
}

/// <summary>The requests one audience may list; entries are small (newest first, ties in the order they were added) so a page costs one read here plus a page of request reads.</summary>
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
        if (store.State.AddedOrder.TryAdd(entry.RequestId, store.State.NextOrder))
        {
            store.State.NextOrder++;
        }

        await store.WriteStateAsync();
    }

    public async Task RemoveAsync(string requestId)
    {
        if (store.State.Entries.Remove(requestId))
        {
            store.State.AddedOrder.Remove(requestId);
            await store.WriteStateAsync();
        }
    }

    public Task<PageOf<string>> QueryAsync(RequestState? state, int page, int pageSize)
    {
        var matching = store.State.Entries.Values
            .Where(e => state is null || e.State == state)
            .OrderByDescending(e => e.CreatedAt)
            .ThenByDescending(e => store.State.AddedOrder.GetValueOrDefault(e.RequestId))
            .ToList();
        IReadOnlyList<string> ids = [.. matching.Skip((page - 1) * pageSize).Take(pageSize).Select(e => e.RequestId)];
        return Task.FromResult(new PageOf<string>(ids, matching.Count, page, pageSize));
    }
}
