using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OutboundCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContinueAnswers",
                columns: table => new
                {
                    EnvironmentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TokenIdHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinueAnswers", x => new { x.EnvironmentId, x.TokenIdHash });
                });

            migrationBuilder.CreateTable(
                name: "OutboundSettings",
                columns: table => new
                {
                    EnvironmentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AllowedHosts = table.Column<string>(type: "text", nullable: false),
                    AllowedPrivateAddresses = table.Column<string>(type: "text", nullable: false),
                    ProtectedSecret = table.Column<string>(type: "text", nullable: true),
                    SecretCreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboundSettings", x => x.EnvironmentId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContinueAnswers");

            migrationBuilder.DropTable(
                name: "OutboundSettings");
        }
    }
}
