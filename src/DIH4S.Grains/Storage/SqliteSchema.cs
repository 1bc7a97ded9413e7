using Microsoft.Data.Sqlite;

namespace DIH4S.Grains.Storage;

/// <summary>Applies <c>infra/sql/sqlite</c> to the desk's SQLite file.</summary>
public static class SqliteSchema
{
    /// <summary>Creates the database file's folder if needed and applies every script.</summary>
    public static void Apply(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        foreach (var (_, text) in SqlScripts.Scripts(SqlScripts.Sqlite))
        {
            using var command = connection.CreateCommand();
            command.CommandText = text;
            command.ExecuteNonQuery();
        }
    }
}
