using System.Data.Common;
using System.Globalization;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Management;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Simulation;

/// <summary>Every row of every table of the server's database, as text, to prove that something changed nothing.</summary>
public static class DatabaseSnapshot
{
    public static async Task<SortedDictionary<string, List<string>>> TakeAsync(ManagementServerFixture server)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var sqlite = db.Database.ProviderName!.Contains("Sqlite", StringComparison.Ordinal);
            var tables = await ReadAsync(connection, sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
            var snapshot = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                var rows = await ReadAsync(connection, $"SELECT * FROM \"{table}\"");
                rows.Sort(StringComparer.Ordinal);
                snapshot[table] = rows;
            }

            return snapshot;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<List<string>> ReadAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                values[i] = value is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }

            rows.Add(string.Join(" | ", values));
        }

        return rows;
    }
}
