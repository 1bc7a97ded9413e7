using System.Text.Json;
using System.Text.Json.Serialization;
using DIH4S.Contracts;

namespace DIH4S.Grains.Lists;

/// <summary>
/// What an item grain records about itself after each change (ADR 0017): its view as lists show it,
/// who may list it, and the history entries that are not yet stored.
/// </summary>
public sealed record ListRecord(
    string Kind,
    string ItemId,
    int Version,
    string State,
    DateTimeOffset CreatedAt,
    IReadOnlyCollection<string> Audiences,
    string ViewJson,
    IReadOnlyList<LogRow> Log,
    DateTimeOffset? DueAt = null);

/// <summary>One history entry of an item, as stored.</summary>
public sealed record LogRow(int Version, string EntryJson);

/// <summary>
/// The lists' read model, in the same database as the grains (ADR 0017). The item grains write it;
/// list endpoints and the grains' history and comments read it. Every page costs O(page).
/// </summary>
public interface IDeskLists
{
    /// <summary>Records an item's row, its audiences' entries and new history; a version not newer than the stored one changes no row.</summary>
    Task RecordAsync(ListRecord record);

    /// <summary>
    /// A page of the views an audience may list, newest first, optionally in one state. With several
    /// audiences, their union (counted and paged by a scan of those audiences' entries: for small
    /// unions such as a lab manager's labs).
    /// </summary>
    Task<PageOf<string>> PageAsync(string kind, IReadOnlyList<string> audiences, string? state, int page, int pageSize);

    /// <summary>How many items an audience may list, optionally in one state.</summary>
    Task<int> CountAsync(string kind, string audience, string? state);

    /// <summary>The version of an item last recorded, or null if none was.</summary>
    Task<int?> RecordedVersionAsync(string kind, string itemId);

    /// <summary>A page of an item's history, oldest first.</summary>
    Task<PageOf<string>> LogAsync(string kind, string itemId, int page, int pageSize);

    /// <summary>Appends a comment unless the item already holds <paramref name="limit"/>; false then.</summary>
    Task<bool> AddCommentAsync(string kind, string itemId, bool isInternal, string commentJson, int limit);

    /// <summary>A page of an item's comments in the order they were added, internal ones only when asked.</summary>
    Task<PageOf<string>> CommentsAsync(string kind, string itemId, bool internalToo, int page, int pageSize);

    /// <summary>
    /// Up to <paramref name="take"/> items of a kind whose recorded deadline (<see cref="ListRecord.DueAt"/>)
    /// is at or before <paramref name="now"/>, the most overdue first.
    /// </summary>
    Task<IReadOnlyList<string>> DueAsync(string kind, DateTimeOffset now, int take);
}

/// <summary>Kinds and audiences of the lists, in one place.</summary>
public static class ListKeys
{
    public const string Requests = "requests";
    public const string Bookings = "bookings";
    public const string Trainings = "trainings";
    public const string Labs = "labs";

    /// <summary>Every item of the kind: coordinators' lists (and, for trainings and labs, everyone's).</summary>
    public const string All = "all";

    public static string Organization(string organizationId) => $"org:{organizationId}";

    public static string Person(string userId) => $"user:{userId}";

    public static string Lab(string labId) => $"lab:{labId}";

    public static string Manager(string userId) => $"manager:{userId}";
}

/// <summary>How views, history entries and comments are stored as JSON.</summary>
public static class ListJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException("A stored row holds null.");

    /// <summary>A page of stored JSON as a page of values.</summary>
    public static PageOf<T> Read<T>(PageOf<string> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new PageOf<T>([.. page.Items.Select(Read<T>)], page.Total, page.Page, page.PageSize);
    }
}
