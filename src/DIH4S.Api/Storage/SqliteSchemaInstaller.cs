using DIH4S.Grains.Storage;

namespace DIH4S.Api.Storage;

/// <summary>Runs <see cref="SqliteSchema.Apply"/> before the silo starts (it is registered ahead of Orleans).</summary>
internal sealed class SqliteSchemaInstaller(string connectionString) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        SqliteSchema.Apply(connectionString);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
