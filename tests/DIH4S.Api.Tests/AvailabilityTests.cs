using System.Net;
using System.Text.Json;
using DIH4S.Api.Problems;
using DIH4S.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace DIH4S.Api.Tests;

/// <summary>
/// The 503 a node answers while its database is away (issue 11, ADR 0018). The fault is real: the node's
/// SQLite file, opened afresh for every statement, is moved out of reach and back (<see cref="DatabaseOutage"/>).
/// </summary>
public sealed class AvailabilityTests : OwnNodeTests
{
    [Fact]
    public async Task WhileTheDatabaseIsAwayAChangeAnswers503WithRetryAfterAndChangesNothing()
    {
        var log = new LogRecorder();
        await using var node = new DeskFactory(DatabasePath, Clock)
        {
            Log = log,
            Settings = new Dictionary<string, string?>([DatabaseOutage.UnpooledConnectionString(DatabasePath)]),
        };
        var cast = await Cast.SetUpAsync(node, partners: 1);
        var id = await cast.SubmitAsync();

        HttpResponseMessage accept;
        using (DatabaseOutage.Begin(DatabasePath))
        {
            accept = await cast.Partners[0].Http.PostAsync(new Uri($"/api/requests/{id}/accept", UriKind.Relative), content: null);
        }

        accept.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await accept.Content.ReadAsStringAsync());
        accept.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        accept.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
        var problem = await JsonAsync(accept);
        problem.GetProperty("status").GetInt32().ShouldBe(503);
        problem.GetProperty("title").GetString().ShouldBe(UnavailableExceptionHandler.Title);
        log.Entries.Count(e => e.Category == typeof(UnavailableExceptionHandler).FullName && e.Level == LogLevel.Warning).ShouldBe(1);
        log.Entries.ShouldNotContain(e => e.Category.StartsWith("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal) && e.Level >= LogLevel.Error);

        // Back: the request is as it was before the refused change, and the same change now succeeds.
        var request = await cast.Requester.GetOkAsync($"/api/requests/{id}");
        request.GetProperty("state").GetString().ShouldBe("open");
        request.GetProperty("version").GetInt32().ShouldBe(1);
        (await cast.Requester.GetOkAsync($"/api/requests/{id}/history")).GetProperty("total").GetInt32().ShouldBe(1);
        var accepted = await cast.Partners[0].PostOkAsync($"/api/requests/{id}/accept");
        accepted.GetProperty("state").GetString().ShouldBe("accepted");
        accepted.GetProperty("version").GetInt32().ShouldBe(2);
        accept.Dispose();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
