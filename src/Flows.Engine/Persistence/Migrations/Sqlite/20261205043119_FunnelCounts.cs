using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.Engine.Persistence.Migrations.Sqlite
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
                    EnvironmentId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    DefinitionVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Hour = table.Column<long>(type: "INTEGER", nullable: false),
                    NodeId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlowFunnelCounts", x => new { x.EnvironmentId, x.DefinitionId, x.DefinitionVersion, x.Hour, x.NodeId, x.Kind, x.Outcome });
                });

            // The counts of the runs already stored, as the store would have kept them (at the version each run is on).
            // CreatedAt is stored as DateTimeOffsetToBinaryConverter writes it (ticks / 1000 shifted left 11 bits over the offset, always +00:00 here): its ticks less the Unix epoch's, in hours.
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), j."NodeId", 'entered', '', COUNT(*) FROM "FlowJournal" j JOIN "FlowInstances" i ON i."Id" = j."InstanceId" WHERE j."Action" IS NULL GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), j."NodeId";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), j."NodeId", 'outcome', j."Outcome", COUNT(*) FROM "FlowJournal" j JOIN "FlowInstances" i ON i."Id" = j."InstanceId" WHERE j."Result" = 'Outcome' AND j."Outcome" IS NOT NULL GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), j."NodeId", j."Outcome";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), j."NodeId", 'completed', '', COUNT(*) FROM "FlowJournal" j JOIN "FlowInstances" i ON i."Id" = j."InstanceId" WHERE j."Result" = 'Completed' GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), j."NodeId";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), j."NodeId", 'failed', '', COUNT(*) FROM "FlowJournal" j JOIN "FlowInstances" i ON i."Id" = j."InstanceId" WHERE j."Result" IN ('Failed', 'Faulted') GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), j."NodeId";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FlowFunnelCounts" ("EnvironmentId", "DefinitionId", "DefinitionVersion", "Hour", "NodeId", "Kind", "Outcome", "Count") SELECT i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), COALESCE(i."CurrentNodeId", ''), 'at.' || lower(i."Status"), '', COUNT(*) FROM "FlowInstances" i GROUP BY i."EnvironmentId", i."DefinitionId", i."DefinitionVersion", (((i."CreatedAt" >> 11) * 1000 - 621355968000000000) / 36000000000), COALESCE(i."CurrentNodeId", ''), i."Status";
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
