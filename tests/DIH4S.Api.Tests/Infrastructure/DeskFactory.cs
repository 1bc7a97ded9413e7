using System.Net;
using DIH4S.Api.Live;
using DIH4S.Contracts.Identity;
using DIH4S.Grains;
using DIH4S.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>
/// One desk node on a SQLite file, with the business clock under the test's control and timers
/// that check every second. Two factories on the same file, the second pointing at the first's
/// silo port, form a two-node cluster.
/// </summary>
public sealed class DeskFactory(string databasePath, FakeTimeProvider clock, int? primarySiloPort = null)
    : WebApplicationFactory<Program>
{
    public const string AdminEmail = "coordinator@desk.test";
    public const string AdminPassword = "a-long-enough-password";

    public int SiloPort { get; } = TestPorts.Free();

    public FakeTimeProvider Clock { get; } = clock;

    /// <summary>Tests sign in far more often than people do; one test lowers it to see the limit work.</summary>
    public int SignInPerMinute { get; init; } = 100_000;

    /// <summary>Counts the password verifications of the node (ADR 0012: every sign-in answer costs one).</summary>
    public CountingPasswordHasher Hasher { get; } = new();

    /// <summary>A filter around the live hub's methods, for tests that need to stand inside its connect.</summary>
    public IHubFilter? HubFilter { get; init; }

    /// <summary>
    /// The address every request seems to come from (the test server gives requests none), for tests of
    /// what depends on the client's address: forwarded headers, rate limits.
    /// </summary>
    public IPAddress? ClientAddress { get; init; }

    /// <summary>The host environment; tests of what only Development or Production does change it.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>The .pfx that encrypts the data-protection keys (ADR 0014); null: none configured.</summary>
    public string? KeyRingCertificate { get; init; } = TestCertificates.Shared;

    /// <summary>The addresses the test server says it listens on (by default it reports none), for tests of what depends on them.</summary>
    public IReadOnlyList<string>? ListeningAddresses { get; init; }

    /// <summary>Settings beyond the test defaults, applied last (configuration keys such as <c>Proxy:KnownProxies:0</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Records the node's log from Information up, for tests of what it says on start.</summary>
    public LogRecorder? Log { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Storage:ConnectionString", $"Data Source={databasePath}");
        builder.UseSetting("Orleans:SiloPort", SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (primarySiloPort is { } primary)
        {
            builder.UseSetting("Orleans:PrimarySiloPort", primary.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        builder.UseSetting("Orleans:MinimumReminderPeriod", "00:00:01");
        builder.UseSetting("Requests:TimerCheckInterval", "00:00:01");
        builder.UseSetting("RateLimits:SignInPerMinute", SignInPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        // Tests change far more, far faster, than people do; the quota tests set their own limits.
        foreach (var quota in new[] { "WritesPerMinute", "CommentsPerUserPerHour", "SeatChangesPerUserPerHour", "PendingBookingsPerPerson",
                     "PendingBookingsPerOrganization", "HubConnectionsPerUser" })
        {
            builder.UseSetting($"Quotas:{quota}", "100000");
        }

        if (KeyRingCertificate is { } certificate)
        {
            builder.UseSetting("DataProtection:Certificate:Path", certificate);
            builder.UseSetting("DataProtection:Certificate:Password", TestCertificates.Password);
        }

        if (ListeningAddresses is { } listening)
        {
            builder.UseSetting("urls", string.Join(';', listening));
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            if (Environment.GetEnvironmentVariable(FileLoggerProvider.Variable) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
                logging.SetMinimumLevel(LogLevel.Information);
                logging.AddProvider(new FileLoggerProvider(Path.Combine(folder, $"node-{SiloPort}.log")));
            }

            if (Log is { } recorder)
            {
                logging.AddProvider(recorder);
                logging.AddFilter<LogRecorder>(null, LogLevel.Information);
            }
        });
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new DeskClock(Clock));
            services.AddSingleton<IPasswordHasher<UserAccount>>(Hasher);
            services.AddSingleton<IStartupFilter, TestSourceAddress>();
            if (ClientAddress is { } address)
            {
                services.AddSingleton<IStartupFilter>(new ClientAddressFilter(address));
            }

            if (HubFilter is { } filter)
            {
                services.AddSignalR().AddHubOptions<DeskHub>(options => options.AddFilter(filter));
            }

            if (ListeningAddresses is { } addresses)
            {
                // As Kestrel does, the server reports the addresses it was told (the urls setting above)
                // through this feature; the test server binds none of them.
                services.AddSingleton<IServer>(sp =>
                {
                    var features = new FeatureCollection();
                    features.Set<IServerAddressesFeature>(new ServerAddressesFeature());
                    return new TestServer(sp, features, sp.GetRequiredService<IOptions<TestServerOptions>>());
                });
            }
        });
    }

    /// <summary>
    /// A Tuesday, 10:00 in Bucharest: inside business hours. Years ahead of the real clock, because the
    /// hub closes a connection when its token expires by the real clock (SignalR's own check), and the
    /// tokens expire by this one: tests that move it keep their connections, as they did before.
    /// </summary>
    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2037, 11, 24, 8, 0, 0, TimeSpan.Zero));

    /// <summary>The settings that put a node on PostgreSQL (ADR 0019) instead of its SQLite file.</summary>
    public static Dictionary<string, string?> OnPostgres(string connectionString) => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = connectionString,
    };

    public static string NewDatabasePath() =>
        Path.Combine(Path.GetTempPath(), "dih4s-tests", $"{Guid.NewGuid():N}", "desk.db");

}

/// <summary>Gives every request the same remote address, ahead of the node's own middleware.</summary>
internal sealed class ClientAddressFilter(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
