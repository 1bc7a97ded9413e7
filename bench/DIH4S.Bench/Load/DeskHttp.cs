using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DIH4S.Bench.Load;

/// <summary>One answer of the desk: its status (0: no answer, e.g. a timeout), its body, and how long it took.</summary>
public readonly record struct Answer(int Status, byte[] Body, double Ms, long SentAt, long AnsweredAt)
{
    public bool Ok => Status is >= 200 and < 300;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>A property of the JSON body, when it is there.</summary>
    public string? Text(string name) =>
        Body.Length > 0 && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string Describe() => Status == 0 ? "no answer" : $"{Status} {Text("title")}";
}

/// <summary>
/// The desk's public HTTP API as the benchmark calls it: one <see cref="HttpClient"/> over a pooled
/// <see cref="SocketsHttpHandler"/> with enough connections, the caller's bearer token per request, and every
/// answer timed from just before sending to the last byte of its body (<see cref="Stopwatch"/> timestamps).
/// Counts the answers per status, so a run can say how many 4xx, 429 and 5xx it met.
/// </summary>
public sealed class DeskHttp : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentDictionary<string, int> _unexpected = new(StringComparer.Ordinal);

    public DeskHttp(Uri baseAddress, int connections = 512)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<Answer> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token, null);

    public Task<Answer> PostAsync(string path, string? token, object? body = null) =>
        SendAsync(HttpMethod.Post, path, token, body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, Json));

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? token, byte[]? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            var answered = Stopwatch.GetTimestamp();
            var status = (int)response.StatusCode;
            _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            return new Answer(status, body, Stats.Ms(sent, answered), sent, answered);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            var answered = Stopwatch.GetTimestamp();
            _statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            _unexpected.AddOrUpdate(ex.GetType().Name + ": " + ex.Message, 1, (_, n) => n + 1);
            return new Answer(0, [], Stats.Ms(sent, answered), sent, answered);
        }
    }

    /// <summary>The answer, or an exception naming the call when it is not a success (set-up steps).</summary>
    public static Answer Expect(Answer answer, string what) =>
        answer.Ok ? answer : throw new InvalidOperationException($"{what}: {answer.Describe()} {System.Text.Encoding.UTF8.GetString(answer.Body)}");

    /// <summary>How many answers had each status since the last call (0: none, e.g. a timeout or a reset), and clears the count.</summary>
    public IReadOnlyDictionary<int, int> TakeStatuses()
    {
        var copy = _statuses.ToDictionary();
        _statuses.Clear();
        return copy;
    }

    /// <summary>Transport failures seen (message and count), cleared.</summary>
    public IReadOnlyDictionary<string, int> TakeFailures()
    {
        var copy = _unexpected.ToDictionary();
        _unexpected.Clear();
        return copy;
    }

    public void Dispose() => _http.Dispose();
}
