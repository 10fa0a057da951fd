using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.Engine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InstancesByEnvironmentNewestFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FlowInstances_EnvironmentId_CreatedAt",
                table: "FlowInstances",
                columns: new[] { "EnvironmentId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FlowInstances_EnvironmentId_CreatedAt",
                table: "FlowInstances");
        }
    }
}
