using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DIH4S.Web.Services;

/// <summary>
/// The signed-in person and their tokens. The tokens survive a reload in the browser's storage; the
/// access token is renewed with the refresh token shortly before it expires, once at a time.
/// </summary>
public sealed class DeskSession(HttpClient http, IBrowserStorage storage, TimeProvider time)
{
    public const string StorageKey = "dih4s.session";

    /// <summary>Renew the access token this long before it expires.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _renewing = new(1, 1);
    private StoredTokens? _tokens;

    public Me? Me { get; private set; }

    public bool IsSignedIn => Me is not null && _tokens is not null;

    /// <summary>Raised when the person signs in or out, or the session ends by itself.</summary>
    public event Action? Changed;

    /// <summary>Raised when the server no longer accepts the session: the app returns to sign-in, keeping the page.</summary>
    public event Action? Expired;

    /// <summary>On start: the stored session, renewed if its access token expired; none if the server refuses it.</summary>
    public async Task RestoreAsync()
    {
        var stored = await storage.GetAsync(StorageKey);
        if (string.IsNullOrEmpty(stored))
        {
            return;
        }

        try
        {
            _tokens = JsonSerializer.Deserialize<StoredTokens>(stored, DeskJson.Options);
        }
        catch (JsonException)
        {
            _tokens = null;
        }

        if (_tokens is null || await GetAccessTokenAsync() is null)
        {
            await ForgetAsync();
            return;
        }

        try
        {
            Me = await LoadMeAsync();
        }
        catch (HttpRequestException)
        {
            // Offline: keep the tokens, the person stays signed out on this screen until the desk answers.
        }

        if (Me is null)
        {
            _tokens = null;
        }

        Changed?.Invoke();
    }

    /// <summary>Signs in; null on success, otherwise the server's problem (401 for bad credentials, 429 when throttled).</summary>
    public async Task<ApiProblem?> SignInAsync(string email, string password)
    {
        using var response = await http.PostAsJsonAsync("api/auth/login", new { email, password }, DeskJson.Options);
        if (!response.IsSuccessStatusCode)
        {
            return await Problems.ReadAsync(response);
        }

        await KeepAsync((await response.Content.ReadFromJsonAsync<TokenResponse>(DeskJson.Options))!);
        Me = await LoadMeAsync();
        Changed?.Invoke();
        return null;
    }

    /// <summary>Signs out: the server revokes the refresh token, the browser forgets both tokens.</summary>
    public async Task SignOutAsync()
    {
        if (_tokens is { } tokens)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/logout")
                {
                    Content = JsonContent.Create(new { refreshToken = tokens.RefreshToken }, options: DeskJson.Options),
                };
                request.Headers.Authorization = new("Bearer", tokens.AccessToken);
                using var _ = await http.SendAsync(request);
            }
            catch (HttpRequestException)
            {
                // The desk is unreachable: the browser forgets the tokens all the same.
            }
        }

        await ForgetAsync();
        Changed?.Invoke();
    }

    /// <summary>The server refused the session (401 even after renewing): forget it and send the person to sign in.</summary>
    public async Task EndAsync()
    {
        await ForgetAsync();
        Changed?.Invoke();
        Expired?.Invoke();
    }

    /// <summary>A valid access token, renewed first when it is about to expire; null when there is no session.</summary>
    public async Task<string?> GetAccessTokenAsync(bool forceRenew = false)
    {
        var tokens = _tokens;
        if (tokens is null)
        {
            return null;
        }

        if (!forceRenew && tokens.ExpiresAt - RenewBefore > time.GetUtcNow())
        {
            return tokens.AccessToken;
        }

        await _renewing.WaitAsync();
        try
        {
            if (_tokens is null)
            {
                return null;
            }

            if (!ReferenceEquals(_tokens, tokens) && _tokens.ExpiresAt - RenewBefore > time.GetUtcNow())
            {
                return _tokens.AccessToken; // renewed by another caller meanwhile
            }

            // Another tab of the same session may have renewed first: a refresh token works once (ADR 0012).
            if (await StoredAsync() is { } stored && stored.RefreshToken != _tokens.RefreshToken && (forceRenew || stored.ExpiresAt - RenewBefore > time.GetUtcNow()))
            {
                _tokens = stored;
                if (!forceRenew)
                {
                    return stored.AccessToken;
                }
            }

            var presented = _tokens.RefreshToken;
            using var response = await http.PostAsJsonAsync("api/auth/refresh", new { refreshToken = presented }, DeskJson.Options);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                // Lost a race with another tab? Its tokens are in the storage by now; otherwise the session ended.
                if (await StoredAsync() is { } renewed && renewed.RefreshToken != presented && renewed.ExpiresAt > time.GetUtcNow())
                {
                    _tokens = renewed;
                    return renewed.AccessToken;
                }

                _tokens = null;
                return null;
            }

            response.EnsureSuccessStatusCode();
            await KeepAsync((await response.Content.ReadFromJsonAsync<TokenResponse>(DeskJson.Options))!);
            return _tokens!.AccessToken;
        }
        finally
        {
            _renewing.Release();
        }
    }

    /// <summary>Reads the person again (after a change of their own account).</summary>
    public async Task ReloadMeAsync()
    {
        Me = await LoadMeAsync() ?? Me;
        Changed?.Invoke();
    }

    /// <summary>The refresh token of this session (for the account page's "sign out" and for tests).</summary>
    internal string? RefreshToken => _tokens?.RefreshToken;

    private async Task<Me?> LoadMeAsync()
    {
        var token = await GetAccessTokenAsync();
        if (token is null)
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<Me>(DeskJson.Options) : null;
    }

    private async Task KeepAsync(TokenResponse response)
    {
        _tokens = new StoredTokens(response.AccessToken, response.RefreshToken, time.GetUtcNow().AddSeconds(response.ExpiresIn));
        await storage.SetAsync(StorageKey, JsonSerializer.Serialize(_tokens, DeskJson.Options));
    }

    private async Task<StoredTokens?> StoredAsync()
    {
        try
        {
            return await storage.GetAsync(StorageKey) is { Length: > 0 } stored
                ? JsonSerializer.Deserialize<StoredTokens>(stored, DeskJson.Options)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task ForgetAsync()
    {
        _tokens = null;
        Me = null;
        await storage.RemoveAsync(StorageKey);
    }

    private sealed record StoredTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt);
}
