using System.Net;
using DIH4S.Api.Storage;
using DIH4S.Grains;
using DIH4S.Grains.Lists;
using DIH4S.Grains.Storage;
using Orleans.Storage;

namespace DIH4S.Api.Hosting;

/// <summary>The silo co-hosted in every node, with its storage (ADR 0001, 0002).</summary>
public static class OrleansHosting
{
    /// <summary>The ADO.NET invariant under which the Orleans providers load Microsoft.Data.Sqlite.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    public static WebApplicationBuilder AddDeskCluster(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        if (!string.Equals(storage.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Storage:Provider '{storage.Provider}' is not available in this build; use '{StorageOptions.Sqlite}'.");
        }

        // Hosted services start in registration order: the schema exists before the silo reads its queries.
        builder.Services.AddHostedService(_ => new SqliteSchemaInstaller(storage.ConnectionString));

        // One data source for the whole node: the Orleans providers and the lists share its write gate (ADR 0017).
        var database = new SqliteDatabase(storage.ConnectionString, storage.Synchronous);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<IDeskLists>(services => new SqliteLists(database, TimeProvider.System));

        // Stored state uses the Orleans serializer: the [Id]s that version the wire format also version storage (ADR 0002).
        builder.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        builder.UseOrleans(orleans =>
        {
            orleans.UseLocalhostClustering(
                silo.SiloPort,
                silo.GatewayPort,
                silo.PrimarySiloPort is { } primary ? new IPEndPoint(IPAddress.Loopback, primary) : null,
                silo.ServiceId,
                silo.ClusterId);
            orleans.AddAdoNetGrainStorage(DeskStorage.Name, o =>
            {
                o.Invariant = SqliteInvariant;
                o.DataSource = database;
            });
            orleans.UseAdoNetReminderService(o =>
            {
                o.Invariant = SqliteInvariant;
                o.DataSource = database;
            });
            orleans.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = silo.MinimumReminderPeriod);
        });
        return builder;
    }
}
