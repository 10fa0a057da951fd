using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.Sqlite
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
                    EnvironmentId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TokenIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContinueAnswers", x => new { x.EnvironmentId, x.TokenIdHash });
                });

            migrationBuilder.CreateTable(
                name: "OutboundSettings",
                columns: table => new
                {
                    EnvironmentId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AllowedHosts = table.Column<string>(type: "TEXT", nullable: false),
                    AllowedPrivateAddresses = table.Column<string>(type: "TEXT", nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", nullable: true),
                    SecretCreatedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
