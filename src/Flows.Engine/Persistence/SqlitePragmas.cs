using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Flows.Engine.Persistence;

/// <summary>
/// Per-connection SQLite settings. With the write-ahead log, synchronous=NORMAL keeps every commit across
/// a process crash and saves an fsync per step; only a power loss can drop the last commits.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    // Pragmas belong to the native connection, which the pool keeps open across EF Core's many opens and closes
    // (one per command): each native connection is set once, whichever context opens it. A new one is a new handle
    // object, never one seen before.
    private static readonly ConditionalWeakTable<object, object> Applied = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstOpen(connection))
        {
            using var command = Command(connection);
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstOpen(connection))
        {
            await using var command = Command(connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Applied.TryAdd(handle, handle);

    private static DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        return command;
    }
}
