using DIH4S.Web.Services;

namespace DIH4S.Web.Tests.Infrastructure;

/// <summary>The browser's storage, in memory.</summary>
public sealed class MemoryStorage : IBrowserStorage
{
    public Dictionary<string, string> Values { get; } = [];

    public ValueTask<string?> GetAsync(string key) => ValueTask.FromResult(Values.GetValueOrDefault(key));

    public ValueTask SetAsync(string key, string value)
    {
        Values[key] = value;
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string key)
    {
        Values.Remove(key);
        return ValueTask.CompletedTask;
    }
}
