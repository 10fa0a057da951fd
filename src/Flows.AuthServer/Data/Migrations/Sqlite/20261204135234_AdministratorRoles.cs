using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.Sqlite
{
    /// <summary>
    /// Every user of the admin environment was a full administrator: each keeps that as the roles flows.read and
    /// flows.write (groups), which from now on decide what an administrator may do.
    /// </summary>
    public partial class AdministratorRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var role in new[] { "flows.read", "flows.write" })
            {
                migrationBuilder.Sql($"""
                    UPDATE "Users" SET "Groups" = json_insert("Groups", '$[#]', '{role}')
                    WHERE "EnvironmentId" = 'admin'
                      AND NOT EXISTS (SELECT 1 FROM json_each("Users"."Groups") WHERE json_each.value = '{role}');
                    """);
            }
        }

        /// <inheritdoc />
        /// <remarks>Roles given since cannot be told from those given here: they stay.</remarks>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
