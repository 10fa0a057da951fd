using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.AuthServer.Data.Migrations.PostgreSql
{
    /// <summary>
    /// Applications that may send authorization requests may push them too (RFC 9126), as new ones may: the stored
    /// permissions of those created before gain the pushed authorization endpoint. The same SQL for both providers.
    /// </summary>
    public partial class PushedAuthorizationPermission : Migration
    {
        private const string Authorization = "\"ept:authorization\"";
        private const string Pushed = "\"ept:pushed_authorization\"";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                UPDATE "OpenIddictApplications"
                SET "Permissions" = replace("Permissions", '{Authorization}', '{Authorization},{Pushed}')
                WHERE "Permissions" LIKE '%{Authorization}%' AND "Permissions" NOT LIKE '%{Pushed}%'
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                UPDATE "OpenIddictApplications"
                SET "Permissions" = replace("Permissions", ',{Pushed}', '')
                WHERE "Permissions" LIKE '%,{Pushed}%'
                """);
        }
    }
}
