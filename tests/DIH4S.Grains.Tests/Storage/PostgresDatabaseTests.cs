using DIH4S.Grains.Storage;
using Npgsql;

namespace DIH4S.Grains.Tests.Storage;

/// <summary>The pool settings the node gives its PostgreSQL connections, and the operator's word over them.</summary>
public sealed class PostgresDatabaseTests
{
    [Fact]
    public void ConnectionsSkipTheSessionResetAndPrepareFrequentStatements()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresDatabase.Tuned("Host=127.0.0.1;Database=desk"));

        tuned.NoResetOnClose.ShouldBeTrue();
        tuned.MaxAutoPrepare.ShouldBe(64);
        tuned.Database.ShouldBe("desk");
    }

    [Theory]
    [InlineData("Host=127.0.0.1;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=127.0.0.1;noresetonclose=false;maxautoprepare=0")]
    public void WhatTheConnectionStringSetsIsKept(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresDatabase.Tuned(connectionString));

        tuned.NoResetOnClose.ShouldBeFalse();
        tuned.MaxAutoPrepare.ShouldBe(0);
    }
}
