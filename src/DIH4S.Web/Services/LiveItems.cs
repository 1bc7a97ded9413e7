namespace DIH4S.Web.Services;

/// <summary>
/// A page's list of items kept current from live changes: a change replaces the item it shows only
/// when it is newer (by version), so a late or repeated message never moves an item backwards.
/// </summary>
public static class LiveItems
{
    /// <summary>What to do with a live change for an item a page may show.</summary>
    public enum Effect
    {
        /// <summary>Older than or the same as what is shown: nothing.</summary>
        Ignored,

        /// <summary>The next version: applied in place.</summary>
        Applied,

        /// <summary>Newer by more than one version: applied, and anything derived from the item (history) must be re-read.</summary>
        AppliedWithGap,

        /// <summary>Not shown before: added.</summary>
        Added,
    }

    /// <summary>Applies <paramref name="change"/> to <paramref name="items"/> in place; where it lands follows <paramref name="belongs"/>.</summary>
    public static Effect Apply<T>(List<T> items, T change, Func<T, bool>? belongs = null)
        where T : IVersioned
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(change);
        var index = items.FindIndex(i => i.Id == change.Id);
        if (index < 0)
        {
            if (belongs is not null && !belongs(change))
            {
                return Effect.Ignored;
            }

            items.Insert(0, change);
            return Effect.Added;
        }

        var shown = items[index];
        if (change.Version <= shown.Version)
        {
            return Effect.Ignored;
        }

        if (belongs is not null && !belongs(change))
        {
            items.RemoveAt(index);
            return change.Version == shown.Version + 1 ? Effect.Applied : Effect.AppliedWithGap;
        }

        items[index] = change;
        return change.Version == shown.Version + 1 ? Effect.Applied : Effect.AppliedWithGap;
    }

    /// <summary>For a page showing one item: the effect of a change of it (null when it concerns another item).</summary>
    public static Effect? Compare<T>(T? shown, T change)
        where T : class, IVersioned
    {
        ArgumentNullException.ThrowIfNull(change);
        if (shown is null || shown.Id != change.Id)
        {
            return null;
        }

        return change.Version <= shown.Version ? Effect.Ignored
            : change.Version == shown.Version + 1 ? Effect.Applied
            : Effect.AppliedWithGap;
    }
}
