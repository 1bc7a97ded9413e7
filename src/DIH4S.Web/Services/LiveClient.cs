using System.Text.Json;
using Microsoft.JSInterop;

namespace DIH4S.Web.Services;

/// <summary>The state of the live link, shown in the app bar.</summary>
public enum LiveState
{
    Offline,
    Connecting,
    Live,
    Reconnecting,
}

/// <summary>
/// Changes as the desk's hub sends them. Pages subscribe while they are shown, apply what is newer
/// than what they hold (by version), and re-read over REST when <see cref="Resynchronize"/> fires
/// (after a reconnect, when changes may have been missed).
/// </summary>
public interface ILiveFeed
{
    LiveState State { get; }

    event Action? StateChanged;

    event Action<ServiceRequest>? RequestChanged;

    event Action<Booking>? BookingChanged;

    event Action<Seat>? SeatChanged;

    event Action<Training>? TrainingChanged;

    /// <summary>A request offered to the caller's partner was taken, assigned or cancelled: it leaves their sight.</summary>
    event Action<OfferWithdrawn>? OfferWithdrawn;

    /// <summary>The link came back after a break: re-read what is shown.</summary>
    event Action? Resynchronize;
}

/// <summary>
/// The hub <c>/hubs/desk</c> through the JavaScript SignalR client (<c>wwwroot/js/live.js</c>), reconnecting
/// for as long as the session lasts. The JavaScript client is a fraction of the .NET client's download and
/// connects without waiting for the .NET runtime's interpreter (ADR 0010).
/// </summary>
public sealed class LiveClient(Uri baseAddress, DeskSession session, IJSRuntime js) : ILiveFeed, IAsyncDisposable
{
    private IJSObjectReference? _link;
    private int _generation;
    private bool _running;
    private DotNetObjectReference<LiveClient>? _self;

    public LiveState State { get; private set; } = LiveState.Offline;

    public event Action? StateChanged;

    public event Action<ServiceRequest>? RequestChanged;

    public event Action<Booking>? BookingChanged;

    public event Action<Seat>? SeatChanged;

    public event Action<Training>? TrainingChanged;

    public event Action<OfferWithdrawn>? OfferWithdrawn;

    public event Action? Resynchronize;

    /// <summary>Connects once signed in; returns when the hub has joined this person to what they may see.</summary>
    public async Task StartAsync()
    {
        if (_running)
        {
            return;
        }

        _running = true;
        var generation = ++_generation;
        _self ??= DotNetObjectReference.Create(this);
        SetState(LiveState.Connecting);
        var token = await session.GetAccessTokenAsync();
        var link = await js.InvokeAsync<IJSObjectReference>("deskLive.connect", _self, new Uri(baseAddress, "hubs/desk").ToString(), token);
        if (generation != _generation)
        {
            // Stopped while connecting.
            await StopQuietlyAsync(link);
            return;
        }

        _link = link;
        for (var attempt = 0; ReferenceEquals(_link, link); attempt++)
        {
            try
            {
                await link.InvokeVoidAsync(attempt == 0 ? "started" : "retry");
                if (!ReferenceEquals(_link, link))
                {
                    return;
                }

                SetState(LiveState.Live);
                Resynchronize?.Invoke();
                return;
            }
            catch (JSException)
            {
                if (!session.IsSignedIn)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    /// <summary>Disconnects (on sign-out).</summary>
    public async Task StopAsync()
    {
        var link = _link;
        _link = null;
        _running = false;
        _generation++;
        if (link is not null)
        {
            await StopQuietlyAsync(link);
        }

        SetState(LiveState.Offline);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _self?.Dispose();
    }

    [JSInvokable]
    public async Task<string?> AccessToken() => await session.GetAccessTokenAsync();

    /// <summary>A message from the hub, as the JSON it sent.</summary>
    [JSInvokable]
    public void Receive(string name, string json)
    {
        switch (name)
        {
            case "RequestChanged":
                RequestChanged?.Invoke(Read<ServiceRequest>(json));
                break;
            case "BookingChanged":
                BookingChanged?.Invoke(Read<Booking>(json));
                break;
            case "SeatChanged":
                SeatChanged?.Invoke(Read<Seat>(json));
                break;
            case "TrainingChanged":
                TrainingChanged?.Invoke(Read<Training>(json));
                break;
            case "OfferWithdrawn":
                OfferWithdrawn?.Invoke(Read<OfferWithdrawn>(json));
                break;
            default:
                break;
        }
    }

    [JSInvokable]
    public void Reconnecting() => SetState(LiveState.Reconnecting);

    [JSInvokable]
    public void Reconnected()
    {
        SetState(LiveState.Live);
        Resynchronize?.Invoke();
    }

    /// <summary>Closed for good (the retry policy never gives up, so the server ended it): start afresh while signed in.</summary>
    [JSInvokable]
    public async Task Closed()
    {
        var link = _link;
        if (link is null)
        {
            return;
        }

        SetState(LiveState.Offline);
        _link = null;
        _running = false;
        await StopQuietlyAsync(link);
        if (session.IsSignedIn)
        {
            await StartAsync();
        }
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, DeskJson.Options)!;

    private static async Task StopQuietlyAsync(IJSObjectReference link)
    {
        try
        {
            await link.InvokeVoidAsync("stop");
            await link.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The page is going away; so is the connection.
        }
    }

    private void SetState(LiveState state)
    {
        State = state;
        StateChanged?.Invoke();
    }
}
