using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApplicationJwksUri : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "JwksUri",
                table: "OpenIddictApplications",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "JwksUri",
                table: "OpenIddictApplications");
        }
    }
}
