using System.Net;
using System.Text;
using System.Text.Json;
using DIH4S.Web.Services;

namespace DIH4S.Web.Tests.Infrastructure;

/// <summary>
/// The desk's HTTP API as a component test needs it: answers registered per method and path (query
/// ignored unless the registration names one), and a record of every request the app sent.
/// Unregistered calls answer 404 problem+json, as the real API does for unknown items.
/// </summary>
public sealed class StubApi : HttpMessageHandler
{
    private readonly List<(HttpMethod Method, string Path, Func<HttpRequestMessage, string?, Task<HttpResponseMessage>> Answer)> _routes = [];

    public List<(HttpMethod Method, string PathAndQuery, string? Body)> Sent { get; } = [];

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (e.g. "/api/requests/r1", or with "?state=open").</summary>
    public StubApi On(HttpMethod method, string path, Func<HttpRequestMessage, string?, HttpResponseMessage> answer) =>
        OnAsync(method, path, (request, body) => Task.FromResult(answer(request, body)));

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> when <paramref name="answer"/> completes, so a test can act while the call is in flight.</summary>
    public StubApi OnAsync(HttpMethod method, string path, Func<HttpRequestMessage, string?, Task<HttpResponseMessage>> answer)
    {
        _routes.Insert(0, (method, path, answer));
        return this;
    }

    /// <summary>Answers GET <paramref name="path"/> with <paramref name="body"/> only once <paramref name="release"/> completes.</summary>
    public StubApi OnGetHeld(string path, object body, Task release) => OnAsync(HttpMethod.Get, path, async (_, _) =>
    {
        await release;
        return Json(HttpStatusCode.OK, body);
    });

    public StubApi OnGet(string path, object body) => On(HttpMethod.Get, path, (_, _) => Json(HttpStatusCode.OK, body));

    public StubApi OnPost(string path, object body, HttpStatusCode status = HttpStatusCode.OK) =>
        On(HttpMethod.Post, path, (_, _) => Json(status, body));

    public StubApi OnPostProblem(string path, int status, string title, IDictionary<string, string[]>? errors = null) =>
        On(HttpMethod.Post, path, (_, _) => Problem(status, title, errors));

    /// <summary>The requests sent to <paramref name="pathAndQuery"/> with <paramref name="method"/>.</summary>
    public IReadOnlyList<string?> BodiesSentTo(HttpMethod method, string pathAndQuery) =>
        [.. Sent.Where(s => s.Method == method && s.PathAndQuery == pathAndQuery).Select(s => s.Body)];

    public static HttpResponseMessage Json(HttpStatusCode status, object body) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(body, DeskJson.Options), Encoding.UTF8, "application/json"),
    };

    public static HttpResponseMessage Problem(int status, string title, IDictionary<string, string[]>? errors = null) => new((HttpStatusCode)status)
    {
        Content = new StringContent(
            JsonSerializer.Serialize(new { status, title, errors }, DeskJson.Options), Encoding.UTF8, "application/problem+json"),
    };

    public static PageOf<T> PageOf<T>(params T[] items) => new(items, items.Length, 1, 20);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var pathAndQuery = request.RequestUri!.PathAndQuery;
        var path = request.RequestUri.AbsolutePath;
        lock (Sent)
        {
            Sent.Add((request.Method, pathAndQuery, body));
        }

        foreach (var route in _routes.ToList())
        {
            if (route.Method == request.Method && (route.Path == pathAndQuery || (!route.Path.Contains('?', StringComparison.Ordinal) && route.Path == path)))
            {
                return await route.Answer(request, body);
            }
        }

        return Problem(404, $"No stub for {request.Method} {pathAndQuery}.");
    }
}
