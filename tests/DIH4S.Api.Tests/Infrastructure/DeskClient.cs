using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DIH4S.Api.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>A signed-in person talking to one node over HTTP (and, on demand, over the live hub).</summary>
public sealed class DeskClient(
    WebApplicationFactory<Program> node, HttpClient http, string accessToken, string userId, string organizationId, string email, string password)
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    public HttpClient Http { get; } = http;

    public string AccessToken { get; } = accessToken;

    public string UserId { get; } = userId;

    public string OrganizationId { get; } = organizationId;

    public string Email { get; } = email;

    public static async Task<DeskClient> LoginAsync(WebApplicationFactory<Program> node, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(node);
        var http = node.CreateClient();
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/me");
        return new DeskClient(node, http, token, me.GetProperty("userId").GetString()!, me.GetProperty("organizationId").GetString()!, email, password);
    }

    /// <summary>Signs in again, for a test that moved the clock past the token's lifetime.</summary>
    public Task<DeskClient> SignInAgainAsync() => LoginAsync(node, Email, password);

    /// <summary>The same person, signed in through another node with the same token.</summary>
    public DeskClient Through(WebApplicationFactory<Program> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var http = other.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        return new DeskClient(other, http, AccessToken, UserId, OrganizationId, Email, password);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object? body = null)
    {
        using var response = body is null
            ? await Http.PostAsync(path, content: null)
            : await Http.PostAsJsonAsync(path, body, Json);
        return (response.StatusCode, await ReadAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return (response.StatusCode, await ReadAsync(response));
    }

    /// <summary>POSTs and insists on a success status; returns the body.</summary>
    public async Task<JsonElement> PostOkAsync(string path, object? body = null)
    {
        var (status, json) = await PostAsync(path, body);
        ((int)status).ShouldBeInRange(200, 299, json.ToString());
        return json;
    }

    public async Task<JsonElement> GetOkAsync(string path)
    {
        var (status, json) = await GetAsync(path);
        status.ShouldBe(HttpStatusCode.OK, json.ToString());
        return json;
    }

    /// <summary>
    /// Connects to the live hub over WebSockets, passing the token as <c>access_token</c> in the query as
    /// browsers do. A WebSocket is authenticated once, when it opens, so a test may move the desk clock
    /// past the token's lifetime without losing the connection (long polling would re-send the token on
    /// every poll). The returned inbox records every message from the moment the start completes.
    /// </summary>
    public async Task<LiveInbox> ConnectAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node.Server.BaseAddress, "/hubs/desk"), options =>
            {
                options.HttpMessageHandlerFactory = _ => node.Server.CreateHandler();
                options.AccessTokenProvider = () => Task.FromResult<string?>(AccessToken);
                options.Transports = HttpTransportType.WebSockets;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var uri = new UriBuilder(context.Uri)
                    {
                        Query = $"{context.Uri.Query.TrimStart('?')}&access_token={Uri.EscapeDataString(AccessToken)}",
                    }.Uri;
                    return await node.Server.CreateWebSocketClient().ConnectAsync(uri, cancellationToken);
                };
            })
            .AddJsonProtocol(o => ApiHosting.ConfigureJson(o.PayloadSerializerOptions))
            .Build();
        var inbox = new LiveInbox(connection);
        await connection.StartAsync();
        return inbox;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiHosting.ConfigureJson(options);
        return options;
    }
}
