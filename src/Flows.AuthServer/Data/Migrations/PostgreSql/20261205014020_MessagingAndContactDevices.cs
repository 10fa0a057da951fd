using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MessagingAndContactDevices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContactDevices",
                columns: table => new
                {
                    EnvironmentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Address = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Verified = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactDevices", x => new { x.EnvironmentId, x.UserId, x.Channel });
                    table.ForeignKey(
                        name: "FK_ContactDevices_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MessagingSettings",
                columns: table => new
                {
                    EnvironmentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SmtpHost = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    SmtpPort = table.Column<int>(type: "integer", nullable: false),
                    SmtpSecurity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SmtpUsername = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ProtectedSmtpPassword = table.Column<string>(type: "text", nullable: true),
                    FromAddress = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    FromName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    SmsGatewayUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    ProtectedSmsGatewaySecret = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessagingSettings", x => x.EnvironmentId);
                });

            migrationBuilder.CreateTable(
                name: "SentCodes",
                columns: table => new
                {
                    EnvironmentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FlowInstanceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NodeId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Salt = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentCodes", x => new { x.EnvironmentId, x.FlowInstanceId, x.NodeId });
                    table.ForeignKey(
                        name: "FK_SentCodes_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContactDevices_UserId",
                table: "ContactDevices",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SentCodes_ExpiresAt",
                table: "SentCodes",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_SentCodes_UserId",
                table: "SentCodes",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContactDevices");

            migrationBuilder.DropTable(
                name: "MessagingSettings");

            migrationBuilder.DropTable(
                name: "SentCodes");
        }
    }
}
