namespace DIH4S.Contracts.Indexes;

/// <summary>A line of an index: enough to filter and order without waking the item's grain.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.ItemIndexEntry")]
public sealed record ItemIndexEntry(
    [property: Id(0)] string ItemId,
    [property: Id(1)] string State,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>
/// The items one audience may list, newest first (ties in the order they were added). Keys come
/// from <see cref="IndexKeys"/>, e.g. <c>requests/all</c> or <c>requests/org:{organizationId}</c>.
/// The item's grain keeps its indexes up to date after each change.
/// </summary>
[Alias("dih4s.IItemIndexGrain")]
public interface IItemIndexGrain : IGrainWithStringKey
{
    /// <summary>Adds the item or updates its state.</summary>
    [Alias("UpsertAsync")]
    Task UpsertAsync(ItemIndexEntry entry);

    /// <summary>Removes the item from this audience's list.</summary>
    [Alias("RemoveAsync")]
    Task RemoveAsync(string itemId);

    /// <summary>A page of item ids, newest first, optionally only those in one state.</summary>
    [Alias("QueryAsync")]
    Task<PageOf<string>> QueryAsync(string? state, int page, int pageSize);
}

/// <summary>Index keys in one place: <c>{kind}/{audience}</c>.</summary>
public static class IndexKeys
{
    /// <summary>Every item of a kind (coordinators' lists).</summary>
    public static string All(string kind) => $"{kind}/all";

    /// <summary>The items an organization may list.</summary>
    public static string Organization(string kind, string organizationId) => $"{kind}/org:{organizationId}";

    /// <summary>The items of another audience (a lab, a training, a person).</summary>
    public static string Of(string kind, string audience) => $"{kind}/{audience}";
}
