using System.Globalization;

namespace DIH4S.Bench.Load;

/// <summary>A signed-in person of the benchmark.</summary>
public sealed record Person(string Email, string UserId, string OrganizationId, string Token);

/// <summary>
/// What a scenario needs, set up through the public API as the bootstrap coordinator (API.md "Identity",
/// "Service catalogue"; README's walk-through): organizations of the right kinds, members with roles, signed in,
/// and catalogue services whose category the partners offer.
/// </summary>
public sealed class Onboarding(DeskHttp http, string adminToken)
{
    public const string Password = "bench-password-123";

    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    public string AdminToken => adminToken;

    public static async Task<string> SignInAsync(DeskHttp http, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(http);
        var answer = DeskHttp.Expect(await http.PostAsync("/api/auth/login", null, new { email, password }), $"sign-in of {email}");
        return answer.Text("accessToken")!;
    }

    /// <summary>A customer (<c>sme</c>) or a partner offering <paramref name="competences"/>; returns its id.</summary>
    public async Task<string> OrganizationAsync(string name, string kind, params string[] competences)
    {
        object body = kind == "partner"
            ? new { name = $"{name} {_run}", kind, competences }
            : new { name = $"{name} {_run}", kind, sector = "manufacturing", county = "Cluj", size = "small" };
        return DeskHttp.Expect(await http.PostAsync("/api/organizations", adminToken, body), $"organization {name}").Text("id")!;
    }

    /// <summary>A catalogue service of <paramref name="category"/>; returns its code.</summary>
    public async Task<string> ServiceAsync(string category)
    {
        var code = $"{category}-{_run}";
        DeskHttp.Expect(await http.PostAsync("/api/services", adminToken,
            new { code, title = $"Bench service {category}", family = "test-before-invest", category }), $"service {code}");
        return code;
    }

    /// <summary>Creates a member with one role and signs them in.</summary>
    public async Task<Person> MemberAsync(string organizationId, string role, string handle)
    {
        var email = $"{handle}-{_run}@bench.test".ToLowerInvariant();
        var created = DeskHttp.Expect(await http.PostAsync($"/api/organizations/{organizationId}/members", adminToken,
            new { email, displayName = handle, password = Password, roles = new[] { role } }), $"member {email}");
        var token = await SignInAsync(http, email, Password);
        return new Person(email, created.Text("userId")!, organizationId, token);
    }

    /// <summary>
    /// <paramref name="count"/> members spread round-robin over <paramref name="organizations"/>, a few at a time
    /// (each one hashes a password twice on the node).
    /// </summary>
    public async Task<IReadOnlyList<Person>> MembersAsync(IReadOnlyList<string> organizations, string role, string prefix, int count)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        var people = new Person[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            people[i] = await MemberAsync(organizations[i % organizations.Count], role, $"{prefix}{i.ToString(CultureInfo.InvariantCulture)}"));
        return people;
    }

    /// <summary><paramref name="count"/> organizations of a kind, created one after the other.</summary>
    public async Task<IReadOnlyList<string>> OrganizationsAsync(string prefix, string kind, int count, params string[] competences)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await OrganizationAsync($"{prefix} {i}", kind, competences));
        }

        return ids;
    }
}

/// <summary>
/// What every scenario is given: the desk's address, its HTTP client, the coordinator, the node's PID, the results;
/// for a cluster, every node's HTTP client (<see cref="Nodes"/>, the first being <see cref="Http"/>).
/// </summary>
public sealed record LoadContext(Uri Desk, DeskHttp Http, string AdminToken, int NodePid, Results Results, string DataDirectory)
{
    /// <summary>An HTTP client per node of the desk; one node unless the scenario was given several addresses.</summary>
    public IReadOnlyList<DeskHttp> Nodes { get; init; } = [Http];

    public Onboarding Onboarding() => new(Http, AdminToken);

    /// <summary>The answers of the scenario, over every node, that were 5xx, 429 or no answer at all, each against a goal of none.</summary>
    public void ReportAnswers(string scenario)
    {
        var statuses = new Dictionary<int, int>();
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var (status, count) in node.TakeStatuses())
            {
                statuses[status] = statuses.GetValueOrDefault(status) + count;
            }

            foreach (var (message, count) in node.TakeFailures())
            {
                failures[message] = failures.GetValueOrDefault(message) + count;
            }
        }

        int Count(Func<int, bool> which) => statuses.Where(s => which(s.Key)).Sum(s => s.Value);
        var none = new[] { new Goal("==", 0) };
        Results.Add(new Figure($"{scenario}.http.total", scenario, "HTTP answers in this scenario", Count(_ => true), "count"));
        Results.Add(new Figure($"{scenario}.http.5xx", scenario, "HTTP 5xx answers", Count(s => s >= 500), "count", none));
        Results.Add(new Figure($"{scenario}.http.429", scenario, "HTTP 429 answers (quotas, rate limits)", Count(s => s == 429), "count", none));
        Results.Add(new Figure($"{scenario}.http.none", scenario, "calls without an answer (timeout, reset)", Count(s => s == 0), "count", none));
        foreach (var (message, count) in failures.Take(5))
        {
            Results.Note(scenario, $"transport failure ×{count}: {message}");
        }
    }

    /// <summary>The node's resident memory (VmRSS of /proc/PID/status), in MiB; NaN when unknown.</summary>
    public double NodeRssMiB()
    {
        try
        {
            var line = File.ReadLines($"/proc/{NodePid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? double.NaN
                : double.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
