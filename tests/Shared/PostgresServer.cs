namespace DIH4S.Tests.Shared;

/// <summary>One PostgreSQL server for a test assembly's tests on that engine (linked into each); each test takes fresh databases on it.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private TestPostgres? _server;

    public TestPostgres Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public Task<string> CreateDatabaseAsync(string prefix) => Server.CreateDatabaseAsync(prefix);

    public async Task InitializeAsync() => _server = await TestPostgres.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
