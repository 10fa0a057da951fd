using Flows.AuthServer.Data;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Tests.Hosting;
using Flows.Designer.Services;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The designer binds an application to a flow through the applications' service, as <c>/v1</c>'s <c>PATCH</c>
/// does: refused for a flow or version not published, refused on a stale ETag, audited under the same action.
/// </summary>
public sealed class DesignerApplicationBindingTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Environment = TestEnvironment.Id;
    private const string Client = TestEnvironment.WebClientId;
    private const string Path = "/designer/applications/" + Client;

    [Fact]
    public async Task A_binding_to_a_flow_or_version_not_published_is_refused_and_changes_nothing()
    {
        await using var scope = server.Services.SignedInScope("admin-7");
        var applications = scope.ServiceProvider.GetRequiredService<IDesignerApplications>();
        var before = await BindingAsync();
        var audited = (await AuditAsync()).Count;

        var unknownFlow = await applications.BindFlowAsync(Environment, Client, "no-such-flow", null);
        var unknownVersion = await applications.BindFlowAsync(Environment, Client, "password-then-otp", 999);

        Assert.Contains("no-such-flow", unknownFlow);
        Assert.Contains("999", unknownVersion);
        Assert.Equal(before, await BindingAsync());
        Assert.Equal(audited, (await AuditAsync()).Count);
    }

    [Fact]
    public async Task A_binding_is_audited_under_the_action_of_the_v1_patch_by_the_signed_in_administrator()
    {
        await using var scope = server.Services.SignedInScope("admin-8");
        var applications = scope.ServiceProvider.GetRequiredService<IDesignerApplications>();
        var shown = (await applications.ListAsync(Environment)).Single(a => a.ClientId == Client);

        Assert.Null(await applications.BindFlowAsync(Environment, Client, "username-password", 1, shown.ETag));

        var entry = (await AuditAsync()).Single(e => e.Actor == "admin-8");
        Assert.Equal((V1PatchAction(), "admin-8", Environment, "PATCH"), (entry.Action, entry.Actor, entry.EnvironmentId, entry.Method));
        Assert.Equal(("username-password", (int?)1), await BindingAsync());
    }

    [Fact]
    public async Task A_binding_from_a_stale_etag_is_refused_and_one_from_the_current_etag_is_not()
    {
        await using var scope = server.Services.SignedInScope("admin-9");
        var applications = scope.ServiceProvider.GetRequiredService<IDesignerApplications>();
        var shown = (await applications.ListAsync(Environment)).Single(a => a.ClientId == Client);
        Assert.Null(await applications.BindFlowAsync(Environment, Client, "password-then-otp", 1, shown.ETag));
        var audited = (await AuditAsync()).Count;

        var stale = await applications.BindFlowAsync(Environment, Client, "username-password", null, shown.ETag);

        Assert.NotNull(stale);
        Assert.Equal(("password-then-otp", (int?)1), await BindingAsync());
        Assert.Equal(audited, (await AuditAsync()).Count);
        var current = (await applications.ListAsync(Environment)).Single(a => a.ClientId == Client);
        Assert.NotEqual(shown.ETag, current.ETag);
        Assert.Null(await applications.BindFlowAsync(Environment, Client, "username-password", null, current.ETag));
        Assert.Equal(("username-password", (int?)null), await BindingAsync());
    }

    [Fact]
    public async Task An_acr_mapping_and_third_party_are_changed_with_the_binding_and_an_unknown_flow_is_refused()
    {
        await using var scope = server.Services.SignedInScope("admin-10");
        var applications = scope.ServiceProvider.GetRequiredService<IDesignerApplications>();
        var shown = (await applications.ListAsync(Environment)).Single(a => a.ClientId == Client);
        var mfa = new Dictionary<string, string> { ["urn:flows:acr:mfa"] = "password-then-otp" };

        var refused = await applications.ChangeAsync(Environment, Client,
            new DesignerApplicationChange(shown.FlowId, shown.FlowVersion, new Dictionary<string, string> { ["urn:flows:acr:mfa"] = "no-such-flow" }, true), shown.ETag);
        var changed = await applications.ChangeAsync(Environment, Client, new DesignerApplicationChange(shown.FlowId, shown.FlowVersion, mfa, true), shown.ETag);
        var listed = (await applications.ListAsync(Environment)).Single(a => a.ClientId == Client);
        var restored = await applications.ChangeAsync(Environment, Client,
            new DesignerApplicationChange(shown.FlowId, shown.FlowVersion, new Dictionary<string, string>(), false), listed.ETag);

        Assert.Contains("no-such-flow", refused);
        Assert.Null(changed);
        Assert.Equal(mfa, listed.AcrFlows);
        Assert.True(listed.ThirdParty);
        Assert.Null(restored);
    }

    /// <summary>The action <c>PATCH /v1/…/applications/{clientId}</c> is logged under, read from its endpoint.</summary>
    private string V1PatchAction() => server.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "UpdateApplication")
        .Metadata.GetRequiredMetadata<AuditedByService>().Name;

    private async Task<(string? FlowId, int? Version)> BindingAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var application = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Applications.AsNoTracking()
            .SingleAsync(a => a.EnvironmentId == Environment && a.ClientId == Client);
        return (application.FlowId, application.FlowVersion);
    }

    private async Task<List<AuditEntryRecord>> AuditAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Path == Path).ToListAsync();
    }
}
