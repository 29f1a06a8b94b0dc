using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Microsoft.Data.Sqlite;
using Sanctum.Configuration;

namespace Sanctum.Ledger;

/// <summary>
/// Where the ledger lives. <see cref="Problem"/> is set when the database could not be used at start (locked,
/// corrupt, full disk, unreadable); the guard then runs on an in-memory journal, loudly degraded.
/// </summary>
public sealed record LedgerDatabase(string ProviderName, string ConnectionString, string? Problem)
{
    public bool Usable => Problem is null;
}

/// <summary>Persistence configuration for the daemon (Akka.Hosting) and for bare ActorSystems (deadman, tests).</summary>
public static class LedgerSetup
{
    public const string FileName = "sanctum.db";

    /// <summary>
    /// Resolves the provider and connection string; for SQLite (the default: <c>&lt;data-dir&gt;/sanctum.db</c>)
    /// also creates the folder, switches the file to WAL once, and checks it can be read and written, so a bad
    /// file is reported here in one clear sentence instead of as a journal that keeps failing.
    /// </summary>
    public static LedgerDatabase Prepare(PersistenceOptions options, string dataDir)
    {
        if (!options.Provider.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new LedgerDatabase(options.Provider, "", $"sanctum.persistence.provider is {options.Provider} but connection-string is empty")
                : new LedgerDatabase(options.Provider, options.ConnectionString, null);
        }

        var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, FileName) }.ToString()
            : options.ConnectionString;
        return new LedgerDatabase(options.Provider, connectionString, ProbeSqlite(connectionString));
    }

    /// <summary>HOCON for a bare ActorSystem: the Sql plugin (with its <c>class</c> keys), or in-memory stores when unusable.</summary>
    public static Config Hocon(LedgerDatabase db)
    {
        var persistence = db.Usable
            ? $$"""
              akka.persistence {
                journal {
                  plugin = "akka.persistence.journal.sql"
                  sql {
                    class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                    connection-string = {{Quote(db.ConnectionString)}}
                    provider-name = {{Quote(db.ProviderName)}}
                    auto-initialize = on
                  }
                }
                snapshot-store {
                  plugin = "akka.persistence.snapshot-store.sql"
                  sql {
                    class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                    connection-string = {{Quote(db.ConnectionString)}}
                    provider-name = {{Quote(db.ProviderName)}}
                    auto-initialize = on
                  }
                }
                query.journal.sql {
                  connection-string = {{Quote(db.ConnectionString)}}
                  provider-name = {{Quote(db.ProviderName)}}
                }
              }
              """
            : InMemory;
        return ConfigurationFactory.ParseString(persistence + "\n" + Serialization);
    }

    /// <summary>The daemon's variant: Akka.Persistence.Sql.Hosting when the database is usable, in-memory stores when not.</summary>
    internal static AkkaConfigurationBuilder Configure(AkkaConfigurationBuilder builder, LedgerDatabase db)
    {
        builder.AddHocon(Serialization, HoconAddMode.Prepend);
        return db.Usable
            ? builder.WithSqlPersistence(db.ConnectionString, db.ProviderName, autoInitialize: true)
            : builder.AddHocon(InMemory, HoconAddMode.Prepend);
    }

    private const string InMemory = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private const string Serialization = """
        akka.actor {
          serializers.sanctum-ledger = "Sanctum.Ledger.LedgerSerializer, Sanctum.Ledger"
          serialization-bindings { "Sanctum.Ledger.ILedgerMessage, Sanctum.Ledger" = sanctum-ledger }
        }
        """;

    private static string? ProbeSqlite(string connectionString)
    {
        var probe = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, DefaultTimeout = 3 };
        var file = probe.DataSource;
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } dir)
            {
                Directory.CreateDirectory(dir);
            }

            using var connection = new SqliteConnection(probe.ToString());
            connection.Open();
            Run(connection, "PRAGMA journal_mode=WAL;");
            var check = Run(connection, "PRAGMA quick_check;");
            if (!string.Equals(check, "ok", StringComparison.OrdinalIgnoreCase))
            {
                return $"the ledger database {file} is corrupt ({check}); move it away to start a fresh ledger";
            }

            // A write probe that leaves nothing behind: fails on a locked file, a read-only folder or a full disk.
            Run(connection, "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS sanctum_probe (x INTEGER); DROP TABLE sanctum_probe; COMMIT;");
            return null;
        }
        catch (SqliteException e)
        {
            var why = e.SqliteErrorCode switch
            {
                26 => "is not a SQLite database (corrupt or overwritten); move it away to start a fresh ledger",
                11 => "is corrupt; move it away to start a fresh ledger",
                5 or 6 => "is locked by another process (another sanctumd?)",
                13 => "cannot be written: the disk is full",
                8 or 14 => "cannot be opened for writing (read-only file or folder, or no permission)",
                _ => $"cannot be used (SQLite error {e.SqliteErrorCode})",
            };
            return $"the ledger database {file} {why}: {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the ledger database {file} cannot be used: {e.Message}";
        }
    }

    private static string? Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
