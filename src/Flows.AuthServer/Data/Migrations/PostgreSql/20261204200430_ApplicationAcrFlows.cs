using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ApplicationAcrFlows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AcrFlows",
                table: "OpenIddictApplications",
                type: "text",
                nullable: false,
                // Applications stored before have no acr mapping: an empty JSON object.
                defaultValue: "{}");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AcrFlows",
                table: "OpenIddictApplications");
        }
    }
}
