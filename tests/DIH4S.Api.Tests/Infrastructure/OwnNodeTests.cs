using Microsoft.Extensions.Time.Testing;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>A test class that starts nodes of its own, on a database file of its own, deleted when the class is done.</summary>
public abstract class OwnNodeTests : IAsyncLifetime
{
    protected string DatabasePath { get; } = DeskFactory.NewDatabasePath();

    protected FakeTimeProvider Clock { get; } = DeskFactory.NewClock();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TempFiles.DeleteDirectoryOf(DatabasePath);
        return Task.CompletedTask;
    }
}
