using DIH4S.Api.Hosting;
using DIH4S.Api.Storage;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Requests;
using DIH4S.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace DIH4S.Api.Tests.Cluster;

/// <summary>The storage, cluster and node settings are checked on start with messages an operator can act on (issue 11).</summary>
public sealed class ClusterSettingsTests : OwnNodeTests
{
    [Fact]
    public void TheDefaultsAreTheEmbeddedNodeAndPass()
    {
        ClusterSettings.Problems(new StorageOptions(), new DeskClusterOptions(), new NodeOptions()).ShouldBeEmpty();
    }

    [Fact]
    public void EveryWrongSettingIsNamedAtOnce()
    {
        var storage = new StorageOptions { Provider = "postgres", ConnectionString = "Port=5432;Database=dih4s" };
        var cluster = new DeskClusterOptions
        {
            ServiceId = "",
            ClusterId = "hub one",
            SiloPort = 70000,
            GatewayPort = 70000,
            AdvertisedAddress = "desk.example.org",
            PrimarySiloPort = 11111,
            CollectionQuantum = TimeSpan.Zero,
        };

        var problems = ClusterSettings.Problems(storage, cluster, new NodeOptions { Role = "worker" });

        problems.ShouldContain(p => p.StartsWith("Storage:ConnectionString names no Host", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("Cluster:ServiceId ''", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("Cluster:ClusterId 'hub one'", StringComparison.Ordinal));
        problems.ShouldContain("Cluster:SiloPort 70000 is not a TCP port (1 to 65535).");
        problems.ShouldContain("Cluster:SiloPort and Cluster:GatewayPort are both 70000: each needs its own port.");
        problems.ShouldContain(p => p.StartsWith("Cluster:AdvertisedAddress 'desk.example.org' is not an IP address", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("Cluster:PrimarySiloPort is for the embedded (SQLite) clustering only", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("Node:Role 'worker' is unknown", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("Cluster:CollectionQuantum 00:00:00 must be positive", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mongo", "Data Source=x.db", "api", "Storage:Provider 'mongo' is unknown")]
    [InlineData("sqlite", "Data Source=x.db", "api", "Node:Role 'api' needs Storage:Provider 'postgres'")]
    [InlineData("postgres", "Hots=127.0.0.1", "all", "Storage:ConnectionString is not a PostgreSQL connection string")]
    public void AnUnusableCombinationIsExplained(string provider, string connectionString, string role, string expected)
    {
        var problems = ClusterSettings.Problems(
            new StorageOptions { Provider = provider, ConnectionString = connectionString }, new DeskClusterOptions(), new NodeOptions { Role = role });

        problems.ShouldContain(p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ANodeWithAWrongSettingDoesNotStartAndSaysWhy()
    {
        using var node = new DeskFactory(DatabasePath, Clock) { Settings = new Dictionary<string, string?> { ["Cluster:GatewayPort"] = "0" } };

        var refused = Should.Throw<InvalidOperationException>(() => node.Server);

        refused.Message.ShouldContain("Cluster:GatewayPort 0 is not a TCP port (1 to 65535).");
    }

    [Fact]
    public void TheSiloCollectsIdleGrainsEveryQuantumAndRequestGrainsAfterTwoIdleMinutes()
    {
        using var desk = new DeskFactory(DatabasePath, Clock);
        using var tuned = new DeskFactory(DatabasePath + ".tuned", Clock)
        {
            Settings = new Dictionary<string, string?> { ["Cluster:CollectionQuantum"] = "00:00:30", ["Cluster:RequestCollectionAge"] = "00:05:00" },
        };

        Quantum(desk).ShouldBe(TimeSpan.FromSeconds(10)); // Orleans' own default is a minute
        Quantum(tuned).ShouldBe(TimeSpan.FromSeconds(30));
        // The idle life Orleans gives each grain class, as its activations see it.
        IdleLife<IServiceRequestGrain>(desk).ShouldBe(TimeSpan.FromMinutes(2));
        IdleLife<IUserGrain>(desk).ShouldBe(TimeSpan.FromMinutes(15));
        IdleLife<IServiceRequestGrain>(tuned).ShouldBe(TimeSpan.FromMinutes(5));

        static TimeSpan Quantum(DeskFactory node) =>
            node.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionQuantum;

        static TimeSpan IdleLife<TGrain>(DeskFactory node)
            where TGrain : IGrainWithStringKey =>
            node.Services.GetRequiredService<GrainTypeSharedContextResolver>()
                .GetComponents(node.Services.GetRequiredService<IGrainFactory>().GetGrain<TGrain>("any").GetGrainId().Type)
                .CollectionAgeLimit;
    }

    [Fact]
    public void ARequestCollectionAgeNoLongerThanTheQuantumIsRefused()
    {
        var cluster = new DeskClusterOptions { CollectionQuantum = TimeSpan.FromMinutes(1), RequestCollectionAge = TimeSpan.FromSeconds(30) };

        ClusterSettings.Problems(new StorageOptions(), cluster, new NodeOptions())
            .ShouldBe(["Cluster:RequestCollectionAge 00:00:30 must be longer than Cluster:CollectionQuantum (00:01:00): idle grains are looked for once per quantum."]);
    }

    [Fact]
    public void TheClusterSectionWinsOverTheFormerOrleansSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ServiceId"] = "old",
            ["Orleans:SiloPort"] = "12000",
            ["Cluster:ServiceId"] = "new",
        }).Build();

        var cluster = DeskClusterOptions.From(configuration);

        (cluster.ServiceId, cluster.SiloPort).ShouldBe(("new", 12000));
    }
}

/// <summary><c>schema apply</c>: the operators' command for nodes that do not apply the schema themselves.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaCommandTests(PostgresServer server)
{
    [Fact]
    public async Task ItAppliesTheSchemaOfTheConfiguredDatabaseAndExits()
    {
        var database = await server.CreateDatabaseAsync("command");
        using var output = new StringWriter();

        var exit = await SchemaCommand.RunAsync(["schema", "apply", "--Storage:Provider=postgres", $"--Storage:ConnectionString={database}"], output);

        exit.ShouldBe(0);
        output.ToString().ShouldContain("Schema applied (PostgreSQL).");
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'", connection);
        (await count.ExecuteScalarAsync()).ShouldBe(1L);
    }

    [Fact]
    public async Task ItRefusesUnusableSettingsWithTheReason()
    {
        using var output = new StringWriter();

        var exit = await SchemaCommand.RunAsync(["schema", "apply", "--Storage:Provider=oracle"], output);

        exit.ShouldBe(1);
        output.ToString().ShouldContain("Storage:Provider 'oracle' is unknown");
    }
}
