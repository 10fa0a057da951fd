using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>
/// Applies a <see cref="FlowFunnelTally"/> to the kept counts in the caller's transaction. One upsert adds to each row
/// (<c>INSERT … ON CONFLICT DO UPDATE SET Count = Count + excluded.Count</c>, the same SQL on SQLite and PostgreSQL): the
/// database does the addition under its row lock, so concurrent writers on any node never lose an increment.
/// </summary>
public static class FlowFunnelCounter
{
    // Eight parameters a row: well under SQLite's and PostgreSQL's limits per statement.
    private const int RowsPerStatement = 100;

    private const string Insert =
        "INSERT INTO \"FlowFunnelCounts\" (\"EnvironmentId\", \"DefinitionId\", \"DefinitionVersion\", \"Hour\", \"NodeId\", \"Kind\", \"Outcome\", \"Count\") VALUES ";

    private const string AddOnConflict =
        " ON CONFLICT (\"EnvironmentId\", \"DefinitionId\", \"DefinitionVersion\", \"Hour\", \"NodeId\", \"Kind\", \"Outcome\")"
        + " DO UPDATE SET \"Count\" = \"FlowFunnelCounts\".\"Count\" + excluded.\"Count\"";

    public static async Task AddAsync(FlowsDbContext db, FlowFunnelTally tally, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in tally.Deltas.Chunk(RowsPerStatement))
        {
            var parameters = new List<object>(chunk.Length * 8);
            var rows = new List<string>(chunk.Length);
            foreach (var (key, delta) in chunk)
            {
                var at = parameters.Count;
                rows.Add($"({{{at}}}, {{{at + 1}}}, {{{at + 2}}}, {{{at + 3}}}, {{{at + 4}}}, {{{at + 5}}}, {{{at + 6}}}, {{{at + 7}}})");
                parameters.AddRange([key.EnvironmentId, key.DefinitionId, key.DefinitionVersion, key.Hour, key.NodeId, key.Kind, key.Outcome, delta]);
            }

            // Only constants and numbered placeholders are joined; every value goes as a parameter.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync(Insert + string.Join(", ", rows) + AddOnConflict, parameters, cancellationToken);
#pragma warning restore EF1003
        }
    }
}
