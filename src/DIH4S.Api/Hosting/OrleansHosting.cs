using System.Data.Common;
using System.Net;
using DIH4S.Api.Storage;
using DIH4S.Grains;
using DIH4S.Grains.Domain;
using DIH4S.Grains.Lists;
using DIH4S.Grains.Requests;
using DIH4S.Grains.Storage;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace DIH4S.Api.Hosting;

/// <summary>
/// The node's part of the Orleans cluster and its storage (ADR 0001, 0002, 0019): a co-hosted silo on
/// SQLite with localhost clustering (the embedded default), a silo on PostgreSQL with ADO.NET clustering,
/// or — with <c>Node:Role=api</c> — an Orleans client of such silos. Settings only; one build.
/// </summary>
public static class OrleansHosting
{
    /// <summary>The ADO.NET invariant under which the Orleans providers load Microsoft.Data.Sqlite.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>The ADO.NET invariant of Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    public static WebApplicationBuilder AddDeskCluster(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var cluster = DeskClusterOptions.From(builder.Configuration);
        var node = builder.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        ClusterSettings.Check(storage, cluster, node);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(cluster);
        builder.Services.AddSingleton(node);

        // One data source for the whole node: the Orleans providers and the lists share it (ADR 0017, 0019).
        // Hosted services start in registration order: the schema exists before Orleans reads its queries.
        var (database, invariant) = AddDatabase(builder, storage);
        builder.Services.AddSingleton<DbDataSource>(database);
        builder.Services.AddSingleton((IDeskDatabase)database);
        builder.Services.AddSingleton<IDeskLists>(services => new SqlLists((IDeskDatabase)database, TimeProvider.System));

        if (node.IsApiOnly)
        {
            builder.UseOrleansClient(client =>
            {
                client.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
                client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
                client.UseAdoNetClustering(o => (o.Invariant, o.DataSource) = (invariant, database));
            });
            return builder;
        }

        // Stored state uses the Orleans serializer: the [Id]s that version the wire format also version storage (ADR 0002).
        builder.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        builder.UseOrleans(orleans =>
        {
            // A database fault inside a grain reaches the API node as itself, not a stand-in (ADR 0018).
            orleans.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
            if (storage.IsPostgres)
            {
                orleans.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
                if (cluster.AdvertisedAddress is { Length: > 0 } address)
                {
                    orleans.ConfigureEndpoints(IPAddress.Parse(address), cluster.SiloPort, cluster.GatewayPort);
                }
                else
                {
                    orleans.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort);
                }

                orleans.UseAdoNetClustering(o => (o.Invariant, o.DataSource) = (invariant, database));
                if (cluster.Kubernetes)
                {
                    // After the settings above: the pod's IP, name and labels win over them.
                    orleans.UseKubernetesHosting();
                }
            }
            else
            {
                orleans.UseLocalhostClustering(
                    cluster.SiloPort,
                    cluster.GatewayPort,
                    cluster.PrimarySiloPort is { } primary ? new IPEndPoint(IPAddress.Loopback, primary) : null,
                    cluster.ServiceId,
                    cluster.ClusterId);
            }

            orleans.AddAdoNetGrainStorage(DeskStorage.Name, o => (o.Invariant, o.DataSource) = (invariant, database));
            orleans.UseAdoNetReminderService(o => (o.Invariant, o.DataSource) = (invariant, database));
            orleans.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = cluster.MinimumReminderPeriod);
            orleans.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionQuantum = cluster.CollectionQuantum;
                o.ClassSpecificCollectionAge[typeof(ServiceRequestGrain).FullName!] = cluster.RequestCollectionAge;
            });
            orleans.AddDeskDeadlineSweeps();
        });
        return builder;
    }

    private static (DbDataSource Database, string Invariant) AddDatabase(WebApplicationBuilder builder, StorageOptions storage)
    {
        if (storage.IsPostgres)
        {
            if (storage.ApplySchema)
            {
                builder.Services.AddHostedService(services => new PostgresSchemaInstaller(
                    storage.ConnectionString, services.GetRequiredService<ILogger<PostgresSchemaInstaller>>()));
            }

            return (new PostgresDatabase(storage.ConnectionString), PostgresInvariant);
        }

        if (storage.ApplySchema)
        {
            builder.Services.AddHostedService(_ => new SqliteSchemaInstaller(storage.ConnectionString));
        }

        var database = new SqliteDatabase(storage.ConnectionString, storage.Synchronous);
        builder.Services.AddHostedService(services => new SqliteCheckpoints(
            database, TimeProvider.System, services.GetRequiredService<ILogger<SqliteCheckpoints>>()));
        return (database, SqliteInvariant);
    }
}
