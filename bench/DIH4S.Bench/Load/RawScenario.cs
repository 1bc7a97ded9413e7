using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace DIH4S.Bench.Load;

/// <summary>
/// Scenario <c>raw</c>: what the disk gives SQLite, the yardstick for every other figure. One connection to a
/// temporary file in the node's database directory, WAL, autocommit single-row upserts of a small row (an id out of
/// 10,000 and about 200 bytes), as many as fit in the time, with <c>synchronous=FULL</c> and then <c>NORMAL</c>.
/// </summary>
public static class RawScenario
{
    public const string Name = "raw";

    public static Task RunAsync(LoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Knobs.Int("RAW_SECONDS", 3, 2);
        Console.WriteLine($"raw: SQLite upserts in {context.DataDirectory}, {seconds} s per setting");
        foreach (var synchronous in new[] { "FULL", "NORMAL" })
        {
            var rate = Measure(context.DataDirectory, synchronous, TimeSpan.FromSeconds(seconds));
            context.Results.Add(new Figure(synchronous == "FULL" ? Results.RawKey : "raw.normal", Name,
                $"SQLite upserts/s, WAL, synchronous={synchronous}", rate, "/s"));
        }

        return Task.CompletedTask;
    }

    private static double Measure(string directory, string synchronous, TimeSpan duration)
    {
        var path = Path.Combine(directory, $"raw-{synchronous.ToLowerInvariant()}-{Guid.NewGuid():N}.db");
        try
        {
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                Execute(connection, "PRAGMA journal_mode=WAL;");
                Execute(connection, $"PRAGMA synchronous={synchronous};");
                Execute(connection, "CREATE TABLE item (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, payload TEXT NOT NULL);");
                using var upsert = connection.CreateCommand();
                upsert.CommandText = "INSERT INTO item (id, version, payload) VALUES ($id, 1, $payload) "
                    + "ON CONFLICT (id) DO UPDATE SET version = version + 1, payload = excluded.payload;";
                var id = upsert.Parameters.Add("$id", SqliteType.Integer);
                var payload = upsert.Parameters.Add("$payload", SqliteType.Text);
                upsert.Prepare();
                var random = new Random(1);
                var clock = Stopwatch.StartNew();
                var count = 0;
                while (clock.Elapsed < duration)
                {
                    id.Value = random.Next(10_000);
                    payload.Value = new string((char)('a' + (count % 26)), 200);
                    upsert.ExecuteNonQuery();
                    count++;
                }

                return count / clock.Elapsed.TotalSeconds;
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
