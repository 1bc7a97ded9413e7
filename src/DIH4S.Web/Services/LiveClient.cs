using Microsoft.AspNetCore.SignalR.Client;

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

    /// <summary>The link came back after a break: re-read what is shown.</summary>
    event Action? Resynchronize;
}

/// <summary>The hub <c>/hubs/desk</c> through the .NET SignalR client, reconnecting for as long as the session lasts.</summary>
public sealed class LiveClient(Uri baseAddress, DeskSession session) : ILiveFeed, IAsyncDisposable
{
    private HubConnection? _connection;

    public LiveState State { get; private set; } = LiveState.Offline;

    public event Action? StateChanged;

    public event Action<ServiceRequest>? RequestChanged;

    public event Action<Booking>? BookingChanged;

    public event Action<Seat>? SeatChanged;

    public event Action<Training>? TrainingChanged;

    public event Action? Resynchronize;

    /// <summary>Connects once signed in; returns when the hub has joined this person to what they may see.</summary>
    public async Task StartAsync()
    {
        if (_connection is not null)
        {
            return;
        }

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "hubs/desk"), options => options.AccessTokenProvider = () => session.GetAccessTokenAsync())
            .WithAutomaticReconnect(new ForeverRetry())
            .Build();
        connection.On<ServiceRequest>("RequestChanged", r => RequestChanged?.Invoke(r));
        connection.On<Booking>("BookingChanged", b => BookingChanged?.Invoke(b));
        connection.On<Seat>("SeatChanged", s => SeatChanged?.Invoke(s));
        connection.On<Training>("TrainingChanged", t => TrainingChanged?.Invoke(t));
        connection.Reconnecting += _ => SetStateAsync(LiveState.Reconnecting);
        connection.Reconnected += async _ =>
        {
            await SetStateAsync(LiveState.Live);
            Resynchronize?.Invoke();
        };
        connection.Closed += async _ =>
        {
            await SetStateAsync(LiveState.Offline);
            if (ReferenceEquals(_connection, connection) && session.IsSignedIn)
            {
                // Closed for good (the retry policy never gives up, so the server ended it): start afresh.
                _connection = null;
                await connection.DisposeAsync();
                await StartAsync();
            }
        };
        _connection = connection;
        await SetStateAsync(LiveState.Connecting);
        while (ReferenceEquals(_connection, connection))
        {
            try
            {
                await connection.StartAsync();
                await SetStateAsync(LiveState.Live);
                Resynchronize?.Invoke();
                return;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
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
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        await SetStateAsync(LiveState.Offline);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private Task SetStateAsync(LiveState state)
    {
        State = state;
        StateChanged?.Invoke();
        return Task.CompletedTask;
    }

    /// <summary>Retries every few seconds for as long as it takes: a desk restarting comes back to its clients.</summary>
    private sealed class ForeverRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            retryContext.PreviousRetryCount switch
            {
                0 => TimeSpan.Zero,
                < 5 => TimeSpan.FromSeconds(2),
                _ => TimeSpan.FromSeconds(10),
            };
    }
}
