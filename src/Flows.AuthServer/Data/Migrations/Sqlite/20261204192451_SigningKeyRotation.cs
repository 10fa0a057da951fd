using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SigningKeyRotation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ActivatedAt",
                table: "SigningKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeleteAfter",
                table: "SigningKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RetireAfter",
                table: "SigningKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "SigningKeys",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "active");

            // Keys made before rotation: each environment's newest key of a use is the active one and has signed since it
            // was made; an older one (two nodes that once created keys together) is previous, dated by the first check.
            migrationBuilder.Sql("""
                UPDATE "SigningKeys" SET "ActivatedAt" = "CreatedAt";
                UPDATE "SigningKeys" SET "Status" = 'previous'
                WHERE EXISTS (
                    SELECT 1 FROM "SigningKeys" AS "Newer"
                    WHERE "Newer"."EnvironmentId" = "SigningKeys"."EnvironmentId"
                      AND "Newer"."Use" = "SigningKeys"."Use"
                      AND ("Newer"."CreatedAt" > "SigningKeys"."CreatedAt"
                           OR ("Newer"."CreatedAt" = "SigningKeys"."CreatedAt" AND "Newer"."Id" > "SigningKeys"."Id")));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_EnvironmentId_Use_Status",
                table: "SigningKeys",
                columns: new[] { "EnvironmentId", "Use", "Status" },
                unique: true,
                filter: "\"Status\" <> 'previous'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SigningKeys_EnvironmentId_Use_Status",
                table: "SigningKeys");

            migrationBuilder.DropColumn(
                name: "ActivatedAt",
                table: "SigningKeys");

            migrationBuilder.DropColumn(
                name: "DeleteAfter",
                table: "SigningKeys");

            migrationBuilder.DropColumn(
                name: "RetireAfter",
                table: "SigningKeys");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "SigningKeys");
        }
    }
}
