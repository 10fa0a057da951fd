using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class FlowRollouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RolloutPercent",
                table: "ManagedFlows",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RolloutStartedAt",
                table: "ManagedFlows",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RolloutVersion",
                table: "ManagedFlows",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RolloutPercent",
                table: "ManagedFlows");

            migrationBuilder.DropColumn(
                name: "RolloutStartedAt",
                table: "ManagedFlows");

            migrationBuilder.DropColumn(
                name: "RolloutVersion",
                table: "ManagedFlows");
        }
    }
}
