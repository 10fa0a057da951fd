using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ClientAssertionReplay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClientAssertions",
                columns: table => new
                {
                    EnvironmentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ClientId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TokenIdHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClientAssertions", x => new { x.EnvironmentId, x.ClientId, x.TokenIdHash });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClientAssertions");
        }
    }
}
