using Flows.Engine.Instances;

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
        var table = MappedTable.Of<FlowFunnelCount>(db);
        MappedColumn[] columns =
        [
            table.Column(nameof(FlowFunnelCount.EnvironmentId)), table.Column(nameof(FlowFunnelCount.DefinitionId)),
            table.Column(nameof(FlowFunnelCount.DefinitionVersion)), table.Column(nameof(FlowFunnelCount.Hour)),
            table.Column(nameof(FlowFunnelCount.NodeId)), table.Column(nameof(FlowFunnelCount.Kind)),
            table.Column(nameof(FlowFunnelCount.Outcome)), table.Column(nameof(FlowFunnelCount.Count)),
        ];
        foreach (var chunk in tally.Deltas.Chunk(RowsPerStatement))
        {
            var statement = new MappedStatement(db).Append(Insert);
            for (var row = 0; row < chunk.Length; row++)
            {
                var (key, delta) = chunk[row];
                object?[] values = [key.EnvironmentId, key.DefinitionId, key.DefinitionVersion, key.Hour, key.NodeId, key.Kind, key.Outcome, delta];
                statement.Append(row == 0 ? "" : ", ").Values(columns.Zip(values));
            }

            await statement.Append(AddOnConflict).ExecuteAsync(cancellationToken);
        }
    }
}
