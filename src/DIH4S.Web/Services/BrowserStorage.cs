using Microsoft.JSInterop;

namespace DIH4S.Web.Services;

/// <summary>Where the app keeps what must survive a reload: the session and the chosen language.</summary>
public interface IBrowserStorage
{
    ValueTask<string?> GetAsync(string key);

    ValueTask SetAsync(string key, string value);

    ValueTask RemoveAsync(string key);
}

/// <summary>The browser's localStorage, through <c>wwwroot/js/desk.js</c>.</summary>
public sealed class LocalStorage(IJSRuntime js) : IBrowserStorage
{
    public ValueTask<string?> GetAsync(string key) => js.InvokeAsync<string?>("deskStorage.get", key);

    public ValueTask SetAsync(string key, string value) => js.InvokeVoidAsync("deskStorage.set", key, value);

    public ValueTask RemoveAsync(string key) => js.InvokeVoidAsync("deskStorage.remove", key);
}
