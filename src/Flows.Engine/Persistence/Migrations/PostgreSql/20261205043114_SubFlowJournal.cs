using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flows.Engine.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SubFlowJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DefinitionId",
                table: "FlowJournal",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DefinitionVersion",
                table: "FlowJournal",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_FlowJournal_DefinitionId_DefinitionVersion_InstanceId",
                table: "FlowJournal",
                columns: new[] { "DefinitionId", "DefinitionVersion", "InstanceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FlowJournal_DefinitionId_DefinitionVersion_InstanceId",
                table: "FlowJournal");

            migrationBuilder.DropColumn(
                name: "DefinitionId",
                table: "FlowJournal");

            migrationBuilder.DropColumn(
                name: "DefinitionVersion",
                table: "FlowJournal");
        }
    }
}
