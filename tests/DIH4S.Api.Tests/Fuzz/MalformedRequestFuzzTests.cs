using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Api.Tests.Labs;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DIH4S.Api.Tests.Fuzz;

/// <summary>
/// Malformed requests at every API route (issue 9): a seeded generator walks the routes the node maps, so a
/// new route is covered without touching this test. Runs on a node of its own so that the stored state it
/// compares is its alone. <c>DESK_FUZZ_SEED</c> and <c>DESK_FUZZ_REQUESTS</c> replay or widen a run.
/// </summary>
public sealed class MalformedRequestFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The seed of every run unless <c>DESK_FUZZ_SEED</c> says otherwise; printed, and named in a failure.</summary>
    public const int DefaultSeed = 20_261_209;

    public const int DefaultRequests = 3_000;

    private readonly string _databasePath = DeskFactory.NewDatabasePath();
    private DeskFactory _node = null!;

    public Task InitializeAsync()
    {
        _node = new DeskFactory(_databasePath, DeskFactory.NewClock());
        _ = _node.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        TempFiles.DeleteDirectoryOf(_databasePath);
    }

    [Fact]
    public async Task MalformedRequestsAtEveryRouteNeverAnswer5xxAlwaysAnswerProblemsAndChangeNothing()
    {
        var seed = Setting("DESK_FUZZ_SEED", DefaultSeed);
        var count = Setting("DESK_FUZZ_REQUESTS", DefaultRequests);
        output.WriteLine($"Fuzz seed {seed}, {count} requests (replay: DESK_FUZZ_SEED={seed}).");
        var realIds = await SetUpSceneAsync();
        var coordinator = await DeskClient.LoginAsync(_node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        using var anonymous = _node.CreateClient();
        var routes = FuzzRoute.All(_node.Services.GetRequiredService<EndpointDataSource>());
        routes.Count.ShouldBeGreaterThan(40, "the node's API routes");
        var generator = new MalformedRequests(new Random(seed), realIds);
        var before = StorageSnapshot();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < count; i++)
        {
            var fuzz = generator.Next(routes[i % routes.Count]);
            var (status, problem) = await SendAsync(fuzz.SignedIn ? coordinator.Http : anonymous, fuzz);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (Failure(fuzz, status, problem) is { } failure)
            {
                failures.Add($"#{i} {fuzz} → {status} {failure}");
            }
        }

        var after = StorageSnapshot();
        output.WriteLine($"{count} requests over {routes.Count} routes in {clock.Elapsed.TotalSeconds:F1} s; statuses: "
            + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        failures.ShouldBeEmpty($"seed {seed}: {failures.Count} bad answers, the first:\n{string.Join('\n', failures.Take(25))}\n");
        after.Except(before).ShouldBeEmpty($"seed {seed}: stored state changed");
        before.Except(after).ShouldBeEmpty($"seed {seed}: stored state changed");
    }

    /// <summary>What is wrong with the answer, or null: no 5xx; a 4xx is problem+json naming its status and a title; a request that must fail fails.</summary>
    private static string? Failure(FuzzCase fuzz, int status, (string? MediaType, string Text) answer)
    {
        if (status >= 500)
        {
            return $"server error: {Preview(answer.Text)}";
        }

        if (status < 400)
        {
            return fuzz.MustFail ? $"accepted a request that nothing can accept: {Preview(answer.Text)}" : null;
        }

        if (answer.MediaType != "application/problem+json")
        {
            return $"not problem+json but {answer.MediaType ?? "no content type"}: {Preview(answer.Text)}";
        }

        try
        {
            var problem = JsonDocument.Parse(answer.Text).RootElement;
            return problem.TryGetProperty("status", out var s) && s.GetInt32() == status
                && problem.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString())
                ? null
                : $"problem without its status or a title: {Preview(answer.Text)}";
        }
        catch (JsonException)
        {
            return $"problem+json that is not JSON: {Preview(answer.Text)}";
        }
    }

    private static async Task<(int Status, (string? MediaType, string Text) Answer)> SendAsync(HttpClient http, FuzzCase fuzz)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), new Uri(fuzz.Path, UriKind.Relative));
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
        }

        if (fuzz.ContentType is not null)
        {
            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, (response.Content.Headers.ContentType?.MediaType, text));
    }

    /// <summary>Real items of every kind, so malformed bodies are also sent to routes that name something that exists.</summary>
    private async Task<Dictionary<string, string>> SetUpSceneAsync()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        var requestId = await cast.SubmitAsync();
        var lab = await LabScene.SetUpAsync(_node);
        var equipmentId = await lab.EquipmentAsync();
        var bookingId = await LabScene.BookOkAsync(lab.Requester, equipmentId, LabScene.At(_node, 2, 9), LabScene.At(_node, 2, 11));
        var training = await cast.Coordinator.PostOkAsync("/api/trainings", new
        {
            title = "Fuzzing for beginners",
            start = LabScene.At(_node, 5, 9),
            end = LabScene.At(_node, 5, 12),
            capacity = 2,
        });
        var trainingId = training.GetProperty("id").GetString()!;
        var seat = await cast.Requester.PostOkAsync($"/api/trainings/{trainingId}/seats");
        return new Dictionary<string, string>
        {
            ["requests"] = requestId,
            ["bookings"] = bookingId,
            ["labs"] = lab.LabId,
            ["equipment"] = equipmentId,
            ["trainings"] = trainingId,
            ["seats"] = seat.GetProperty("id").GetString()!,
            ["organizations"] = cast.CustomerId,
            ["services"] = cast.ServiceCode,
        };
    }

    /// <summary>Every stored grain state and reminder, one line each: identity, version and a hash of the payload.</summary>
    private HashSet<string> StorageSnapshot()
    {
        using var connection = new SqliteConnection($"Data Source={_databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "OrleansStorage", "OrleansRemindersTable" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(SHA256.HashData(bytes)),
                    var value => Convert.ToString(value, CultureInfo.InvariantCulture),
                });
                rows.Add($"{table}: {string.Join(" | ", fields)}");
            }
        }

        rows.Count.ShouldBeGreaterThan(0);
        return rows;
    }

    private static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string Preview(string text) => text.Length > 300 ? $"{text[..300]}…" : text;
}
