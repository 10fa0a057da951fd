using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.Engine.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InstanceListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FlowInstances_EnvironmentId_CreatedAt",
                table: "FlowInstances",
                columns: new[] { "EnvironmentId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FlowInstances_EnvironmentId_Status_ApplicationId_CreatedAt",
                table: "FlowInstances",
                columns: new[] { "EnvironmentId", "Status", "ApplicationId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FlowInstances_EnvironmentId_CreatedAt",
                table: "FlowInstances");

            migrationBuilder.DropIndex(
                name: "IX_FlowInstances_EnvironmentId_Status_ApplicationId_CreatedAt",
                table: "FlowInstances");
        }
    }
}
