using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.Engine.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class FunnelCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FlowFunnelCounts",
                columns: table => new
                {
                    EnvironmentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DefinitionId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    DefinitionVersion = table.Column<int>(type: "integer", nullable: false),
                    Hour = table.Column<long>(type: "bigint", nullable: false),
                    NodeId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlowFunnelCounts", x => new { x.EnvironmentId, x.DefinitionId, x.DefinitionVersion, x.Hour, x.NodeId, x.Kind, x.Outcome });
                });

            // The counts of the runs already stored, as the store would have kept them (at the version each run is on).
            // The hour since the Unix epoch of CreatedAt (timestamptz).
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), j."NodeId", 'entered', '', COUNT(*) FROM "FlowJournal" j JOIN "FlowInstances" i ON i."Id" = j."InstanceId" WHERE j."Action" IS NULL GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), j."NodeId";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), j."NodeId", 'outcome', j."Outcome", COUNT(*) FROM "FlowJournal" j JOIN "FlowInstances" i ON i."Id" = j."InstanceId" WHERE j."Result" = 'Outcome' AND j."Outcome" IS NOT NULL GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), j."NodeId", j."Outcome";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), j."NodeId", 'completed', '', COUNT(*) FROM "FlowJournal" j JOIN "FlowInstances" i ON i."Id" = j."InstanceId" WHERE j."Result" = 'Completed' GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), j."NodeId";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), j."NodeId", 'failed', '', COUNT(*) FROM "FlowJournal" j JOIN "FlowInstances" i ON i."Id" = j."InstanceId" WHERE j."Result" IN ('Failed', 'Faulted') GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), j."NodeId";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), COALESCE(i."CurrentNodeId", ''), 'at.' || lower(i."Status"), '', COUNT(*) FROM "FlowInstances" i GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", CAST(floor(extract(epoch FROM i."CreatedAt") / 3600) AS bigint), COALESCE(i."CurrentNodeId", ''), i."Status";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FlowFunnelCounts");
        }
    }
}
