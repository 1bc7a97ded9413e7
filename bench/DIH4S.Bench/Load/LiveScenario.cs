using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace DIH4S.Bench.Load;

/// <summary>
/// Scenario <c>live</c>: N SignalR connections (default 1,000, WebSockets) to the desk's hub as partner-staff members
/// of the partners every new request is offered to (so each connection is in the audience of every
/// <c>RequestChanged</c>), while one requester creates requests at a fixed rate (open loop, default 10/s). Per message
/// and connection: the delay from the moment its create was sent (and, second, from the create's answer) to its
/// receipt, and the messages that never came. Then the same against a bare SignalR host (<see cref="BareHost"/>) that
/// broadcasts a message of the same size to all its connections for each HTTP POST.
/// </summary>
public static class LiveScenario
{
    public const string Name = "live";

    public static async Task RunAsync(LoadContext context, Uri? bareHost)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connections = Knobs.Int("CONNECTIONS", 1000, 100);
        var perUser = Knobs.Int("CONNECTIONS_PER_USER", 10, 10);
        var partners = Knobs.Int("LIVE_PARTNERS", 10, 5);
        var rate = Knobs.Int("LIVE_RATE", 10, 10);
        var seconds = Knobs.Int("LIVE_SECONDS", 20, 5);
        var users = (connections + perUser - 1) / perUser;
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));

        Console.WriteLine($"live: set-up of {partners} partners with {users} staff, {perUser} connections each");
        var setup = context.Onboarding();
        var partnerIds = await setup.OrganizationsAsync("Live partner", "partner", partners, "bench-live");
        var service = await setup.ServiceAsync("bench-live");
        var customer = await setup.OrganizationAsync("Live customer", "sme");
        var requester = await setup.MemberAsync(customer, "requester", "live-requester");
        var staff = await setup.MembersAsync(partnerIds, "partner-staff", "live-staff", users);
        var probe = DeskHttp.Expect(await context.Http.PostAsync("/api/requests", requester.Token,
            new { serviceCode = service, title = "Live 0000", description = "A request of the live benchmark." }), "probe create");

        var desk = await MeasureAsync(context, "desk", new Uri(context.Desk, "hubs/desk"), i => staff[i / perUser].Token, connections, rate, seconds,
            i => context.Http.PostAsync("/api/requests", requester.Token,
                new { serviceCode = service, title = $"Live {i:0000}", description = "A request of the live benchmark." }));
        context.ReportAnswers(Name);
        if (bareHost is null)
        {
            context.Results.Note(Name, "no bare host given: no baseline");
            return;
        }

        // The same size as the desk's message: the probe's own view, its id replaced.
        var shape = JsonNode.Parse(probe.Body)!.AsObject();
        using var bareHttp = new DeskHttp(bareHost);
        var bare = await MeasureAsync(context, "bare host", new Uri(bareHost, "hubs/bare"), _ => null, connections, rate, seconds, i =>
        {
            shape["id"] = $"bare_{i:000000}";
            return bareHttp.SendAsync(HttpMethod.Post, "/broadcast", null, JsonSerializer.SerializeToUtf8Bytes(shape));
        });

        var results = context.Results;
        results.Add(new Figure("live.ratio.sent", Name, "desk p99 ÷ bare host p99, from the create sent", desk.SentP99 / bare.SentP99, "×",
            [new Goal("<=", 1.25)]));
        results.Add(new Figure("live.ratio.answered", Name, "desk p99 ÷ bare host p99, from the create's answer",
            desk.AnsweredP99 / bare.AnsweredP99, "×"));
    }

    private sealed record Outcome(double SentP99, double AnsweredP99);

    /// <summary>What one connection received: the item id and when (Stopwatch timestamp), nothing more on the receiving path.</summary>
    private sealed class Inbox
    {
        private readonly Lock _gate = new();
        private readonly List<(string Id, long At)> _got = new(512);

        public int Count { get; private set; }

        public void Add(string id)
        {
            var at = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                _got.Add((id, at));
                Count++;
            }
        }

        public List<(string Id, long At)> Snapshot()
        {
            lock (_gate)
            {
                return [.. _got];
            }
        }
    }

    /// <summary>The one field of the message the bench reads: the other fields are skipped by the deserializer.</summary>
    private sealed record Message(string? Id);

    private static async Task<Outcome> MeasureAsync(
        LoadContext context, string target, Uri hub, Func<int, string?> token, int count, int rate, int seconds, Func<int, Task<Answer>> send)
    {
        var key = target == "desk" ? "live.desk" : "live.bare";
        var results = context.Results;
        Console.WriteLine($"live ({target}): connecting {count}");
        var inboxes = Enumerable.Range(0, count).Select(_ => new Inbox()).ToArray();
        var hubs = new HubConnection?[count];
        var refused = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var connecting = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var accessToken = token(i);
            var connection = new HubConnectionBuilder()
                .WithUrl(hub, o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    if (accessToken is not null)
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                    }
                })
                .Build();
            var inbox = inboxes[i];
            connection.On("RequestChanged", [typeof(Message)], (args, _) =>
            {
                if (args[0] is Message { Id: { } id })
                {
                    inbox.Add(id);
                }

                return Task.CompletedTask;
            }, inbox);
            try
            {
                await connection.StartAsync();
                hubs[i] = connection;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
            {
                refused.AddOrUpdate(ex.Message.Split('\n')[0], 1, (_, n) => n + 1);
                await connection.DisposeAsync();
            }
        });
        var open = hubs.Count(h => h is not null);
        results.Add(new Figure($"{key}.connect", Name, $"{target}: {open} of {count} connections opened in", connecting.Elapsed.TotalMilliseconds, "ms"));
        foreach (var (why, n) in refused.Take(3))
        {
            results.Note(Name, $"{target}: ×{n} connection refused: {why}");
        }

        try
        {
            // Offers at a fixed rate, each sent on schedule whatever the previous one is doing.
            Console.WriteLine($"live ({target}): {rate}/s for {seconds} s");
            var total = rate * seconds;
            var start = Stopwatch.GetTimestamp();
            var sends = new List<Task<Answer>>();
            for (var i = 0; i < total; i++)
            {
                var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                var wait = Stats.Ms(Stopwatch.GetTimestamp(), due);
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait));
                }

                sends.Add(send(i + 1));
            }

            var answers = await Task.WhenAll(sends);
            var created = answers.Where(a => a.Ok && a.Text("id") is not null).ToDictionary(a => a.Text("id")!, a => a);
            var expected = (long)created.Count * open;

            // Drain: until every expected message is in, or no more arrive for a while.
            var drain = TimeSpan.FromSeconds(Knobs.Int("LIVE_DRAIN_SECONDS", 10, 5));
            var quiet = Stopwatch.StartNew();
            long received = 0;
            while (quiet.Elapsed < drain)
            {
                var now = inboxes.Sum(b => (long)b.Count);
                if (now >= expected)
                {
                    break;
                }

                if (now != received)
                {
                    received = now;
                    quiet.Restart();
                }

                await Task.Delay(100);
            }

            var fromSent = new List<double>((int)Math.Min(expected, int.MaxValue));
            var fromAnswered = new List<double>((int)Math.Min(expected, int.MaxValue));
            long missing = 0;
            for (var i = 0; i < count; i++)
            {
                if (hubs[i] is null)
                {
                    continue;
                }

                var got = inboxes[i].Snapshot().Where(m => created.ContainsKey(m.Id)).GroupBy(m => m.Id).ToDictionary(g => g.Key, g => g.Min(m => m.At));
                missing += created.Count - got.Count;
                foreach (var (id, at) in got)
                {
                    fromSent.Add(Stats.Ms(created[id].SentAt, at));
                    fromAnswered.Add(Stats.Ms(created[id].AnsweredAt, at));
                }
            }

            var (sentP50, sentP99, _) = Stats.Of(fromSent);
            var (answeredP50, answeredP99, _) = Stats.Of(fromAnswered);
            var (createP50, createP99, _) = Stats.Of(created.Values.Select(a => a.Ms));
            var desk = target == "desk";
            results.Add(new Figure($"{key}.sent.p50", Name, $"{target}: delay from the create sent, p50", sentP50, "ms",
                Note: $"{created.Count} of {total} sent, {fromSent.Count:#,0} receipts"));
            results.Add(new Figure($"{key}.sent.p99", Name, $"{target}: delay from the create sent, p99", sentP99, "ms"));
            results.Add(new Figure($"{key}.answered.p50", Name, $"{target}: delay from the create's answer, p50 (negative: before it)", answeredP50, "ms"));
            results.Add(new Figure($"{key}.answered.p99", Name, $"{target}: delay from the create's answer, p99", answeredP99, "ms"));
            results.Add(new Figure($"{key}.create.p99", Name, $"{target}: the create's own answer, p50 {Results.Format(createP50, "ms")}, p99", createP99, "ms"));
            results.Add(new Figure($"{key}.missing", Name, $"{target}: messages missing", missing, "count", desk ? [new Goal("==", 0)] : null,
                $"of {expected:#,0}"));
            return new Outcome(sentP99, answeredP99);
        }
        finally
        {
            await Parallel.ForEachAsync(hubs.OfType<HubConnection>(), new ParallelOptions { MaxDegreeOfParallelism = 32 },
                async (connection, _) => await connection.DisposeAsync());
        }
    }
}
