using DIH4S.Contracts;
using DIH4S.Contracts.Indexes;

namespace DIH4S.Grains.Indexes;

[GenerateSerializer, Alias("dih4s.ItemIndexState")]
public sealed class ItemIndexState
{
    [Id(0)] public Dictionary<string, ItemIndexEntry> Entries { get; set; } = [];

    /// <summary>When each entry was first added: orders items created at the same instant.</summary>
    [Id(1)] public Dictionary<string, long> AddedOrder { get; set; } = [];

    [Id(2)] public long NextOrder { get; set; }
}

/// <summary>The items one audience may list; entries are small, so a page costs one read here plus a page of item reads.</summary>
public sealed class ItemIndexGrain(
    [PersistentState("itemIndex", DeskStorage.Name)] IPersistentState<ItemIndexState> store) : Grain, IItemIndexGrain
{
    public async Task UpsertAsync(ItemIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (store.State.Entries.TryGetValue(entry.ItemId, out var existing) && existing == entry)
        {
            return;
        }

        store.State.Entries[entry.ItemId] = entry;
        if (store.State.AddedOrder.TryAdd(entry.ItemId, store.State.NextOrder))
        {
            store.State.NextOrder++;
        }

        await store.WriteStateAsync();
    }

    public async Task RemoveAsync(string itemId)
    {
        if (store.State.Entries.Remove(itemId))
        {
            store.State.AddedOrder.Remove(itemId);
            await store.WriteStateAsync();
        }
    }

    public Task<PageOf<string>> QueryAsync(string? state, int page, int pageSize)
    {
        var matching = store.State.Entries.Values
            .Where(e => state is null || e.State == state)
            .OrderByDescending(e => e.CreatedAt)
            .ThenByDescending(e => store.State.AddedOrder.GetValueOrDefault(e.ItemId))
            .ToList();
        IReadOnlyList<string> ids = [.. matching.Skip((page - 1) * pageSize).Take(pageSize).Select(e => e.ItemId)];
        return Task.FromResult(new PageOf<string>(ids, matching.Count, page, pageSize));
    }
}
