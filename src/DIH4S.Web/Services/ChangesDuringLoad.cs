namespace DIH4S.Web.Services;

/// <summary>
/// The live changes that arrive while a page re-reads its list over REST. The read may have been answered
/// before them, so replacing the list with what it returned would drop them; the page applies them again on
/// top of it instead (the version check in <see cref="LiveItems"/> makes a repeat harmless).
/// </summary>
/// <remarks>Blazor WebAssembly runs a page's code on one thread: no locking needed.</remarks>
public sealed class ChangesDuringLoad<T>
{
    private readonly List<T> _changes = [];
    private int _loads;

    /// <summary>
    /// Runs <paramref name="read"/>, which replaces the page's items with what the server answered, then
    /// applies again what arrived live meanwhile, oldest first. A read that fails stops keeping changes too.
    /// </summary>
    public async Task ReadAsync(Func<Task> read, Action<T> apply)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(apply);
        Begin();
        try
        {
            await read();
        }
        catch
        {
            End();
            throw;
        }

        foreach (var change in End())
        {
            apply(change);
        }
    }

    /// <summary>A read begins: from now on, changes are kept.</summary>
    public void Begin() => _loads++;

    /// <summary>Keeps <paramref name="change"/> when a read is under way.</summary>
    public void Note(T change)
    {
        if (_loads > 0)
        {
            _changes.Add(change);
        }
    }

    /// <summary>A read has ended: the changes that arrived while it was under way, oldest first.</summary>
    public IReadOnlyList<T> End()
    {
        _loads = Math.Max(0, _loads - 1);
        var changes = _changes.ToList();
        if (_loads == 0)
        {
            _changes.Clear();
        }

        return changes;
    }
}
