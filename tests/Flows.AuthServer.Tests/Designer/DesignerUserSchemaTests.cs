using System.Net;
using System.Security.Claims;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Management;
using Flows.Designer;
using Flows.Designer.Services;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The designer's user schema goes through the same service as <c>/v1</c>: validated by the schema's rules (each
/// refused attribute's problem under its name), audited under the designer's path, read back by <c>/v1</c> at once;
/// a read-only administrator sees it and changes nothing.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class DesignerUserSchemaTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task A_schema_saved_in_the_designer_is_audited_and_what_v1_answers()
    {
        var environment = await SubFlowApi.NewEnvironmentAsync(_api, "dsg-schema");
        await using var circuit = server.Services.SignedInScope("designer-schema");
        var schemas = circuit.ServiceProvider.GetRequiredService<IDesignerUserSchema>();

        var refused = await schemas.SaveAsync(environment.Environment, [new("age", "number", "Age", true, "[0-9]+")]);
        var read = await schemas.GetAsync(environment.Environment);
        var v1 = await _api.GetAsync($"/v1/environments/{environment.Environment}/userSchema", environment.Token);

        Assert.Null(refused);
        var attribute = Assert.Single(read!.Attributes);
        Assert.Equal(new DesignerUserAttribute("age", "number", "Age", true, "[0-9]+"), attribute);
        Assert.Contains("boolean", read.Types);
        Assert.Equal(HttpStatusCode.OK, v1.Status);
        var shown = Assert.Single(v1.Body["attributes"]!.AsArray())!;
        Assert.Equal(("age", "number", true), (shown["name"]!.GetValue<string>(), shown["type"]!.GetValue<string>(), shown["required"]!.GetValue<bool>()));
        var entry = Assert.Single(await AuditAsync("designer-schema"));
        Assert.Equal((AuditActions.UserSchemaUpdated, environment.Environment, FlowsDesigner.BasePath + "/userSchema"), (entry.Action, entry.EnvironmentId, entry.Path));
    }

    [Fact]
    public async Task An_invalid_schema_is_refused_with_each_attribute_s_problem_under_its_name_and_nothing_changes()
    {
        var environment = await SubFlowApi.NewEnvironmentAsync(_api, "dsg-badschema");
        await using var circuit = server.Services.SignedInScope("designer-badschema");
        var schemas = circuit.ServiceProvider.GetRequiredService<IDesignerUserSchema>();

        var refused = await schemas.SaveAsync(environment.Environment,
            [new("zip", "string", null, false, "(["), new("birth date", "date", null, false, null), new("colour", "colour", null, false, null)]);

        Assert.NotNull(refused);
        Assert.Equal(["birth date", "colour", "zip"], refused.Attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not a regular expression", refused.Attributes["zip"]);
        Assert.Contains("not an attribute name", refused.Attributes["birth date"]);
        Assert.Empty((await schemas.GetAsync(environment.Environment))!.Attributes);
        Assert.Empty(await AuditAsync("designer-badschema"));
    }

    [Fact]
    public async Task A_read_only_administrator_sees_the_schema_but_cannot_change_it()
    {
        var environment = await SubFlowApi.NewEnvironmentAsync(_api, "dsg-roschema");
        await using var circuit = server.Services.CreateAsyncScope();
        ((IHostEnvironmentAuthenticationStateProvider)circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim("sub", "designer-schema-reader"), new Claim("role", ManagementScopes.Read)], "test")))));
        var schemas = circuit.ServiceProvider.GetRequiredService<IDesignerUserSchema>();

        var read = await schemas.GetAsync(environment.Environment);
        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => schemas.SaveAsync(environment.Environment, [new("age", "number", null, false, null)]));

        Assert.NotNull(read);
        Assert.Empty((await _api.GetAsync($"/v1/environments/{environment.Environment}/userSchema", environment.Token)).Body["attributes"]!.AsArray());
        Assert.Empty(await AuditAsync("designer-schema-reader"));
    }

    private async Task<List<AuditEntryRecord>> AuditAsync(string actor)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Actor == actor).OrderBy(e => e.Id).ToListAsync();
    }
}
