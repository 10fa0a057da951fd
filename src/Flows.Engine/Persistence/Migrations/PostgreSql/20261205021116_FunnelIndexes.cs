using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.Engine.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class FunnelIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FlowInstances_EnvironmentId_DefinitionId_DefinitionVersion_~",
                table: "FlowInstances");

            migrationBuilder.CreateIndex(
                name: "IX_FlowJournal_InstanceId_NodeId_Result_Outcome_Action",
                table: "FlowJournal",
                columns: new[] { "InstanceId", "NodeId", "Result", "Outcome", "Action" });

            migrationBuilder.CreateIndex(
                name: "IX_FlowInstances_EnvironmentId_DefinitionId_DefinitionVersion_~",
                table: "FlowInstances",
                columns: new[] { "EnvironmentId", "DefinitionId", "DefinitionVersion", "CreatedAt", "Id", "Status", "CurrentNodeId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FlowJournal_InstanceId_NodeId_Result_Outcome_Action",
                table: "FlowJournal");

            migrationBuilder.DropIndex(
                name: "IX_FlowInstances_EnvironmentId_DefinitionId_DefinitionVersion_~",
                table: "FlowInstances");

            migrationBuilder.CreateIndex(
                name: "IX_FlowInstances_EnvironmentId_DefinitionId_DefinitionVersion_~",
                table: "FlowInstances",
                columns: new[] { "EnvironmentId", "DefinitionId", "DefinitionVersion", "CreatedAt" });
        }
    }
}
