using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.Engine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FunnelIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FlowInstances_EnvironmentId_DefinitionId_DefinitionVersion_CreatedAt",
                table: "FlowInstances");

            migrationBuilder.CreateIndex(
                name: "IX_FlowJournal_InstanceId_NodeId_Result_Outcome_Action",
                table: "FlowJournal",
                columns: new[] { "InstanceId", "NodeId", "Result", "Outcome", "Action" });

            migrationBuilder.CreateIndex(
                name: "IX_FlowInstances_EnvironmentId_DefinitionId_DefinitionVersion_CreatedAt_Id_Status_CurrentNodeId",
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
                name: "IX_FlowInstances_EnvironmentId_DefinitionId_DefinitionVersion_CreatedAt_Id_Status_CurrentNodeId",
                table: "FlowInstances");

            migrationBuilder.CreateIndex(
                name: "IX_FlowInstances_EnvironmentId_DefinitionId_DefinitionVersion_CreatedAt",
                table: "FlowInstances",
                columns: new[] { "EnvironmentId", "DefinitionId", "DefinitionVersion", "CreatedAt" });
        }
    }
}
