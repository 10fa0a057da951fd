using System.Security.Claims;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Tests.Hosting;
using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The designer's services refuse what the circuit's administrator may not do, whatever the page shows: a read-only
/// administrator reads but changes nothing, a circuit that lost its sign-in reads nothing.
/// </summary>
public sealed class DesignerWriteAuthorizationTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Environment = TestEnvironment.Other;
    private const string Flow = "username-password";

    [Fact]
    public async Task A_read_only_administrator_creates_imports_clones_saves_publishes_rolls_back_and_deletes_no_flow()
    {
        await using var circuit = Circuit(ManagementScopes.Read);
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var before = await flows.ListAsync(Environment);
        var listed = before.Single(f => f.Id == Flow);
        var draft = (await flows.GetDraftAsync(Environment, Flow))!;
        draft.Definition.Name = "Renamed by a reader";
        var imported = new FlowDefinition { Id = "imported-by-a-reader", Name = "Imported", Start = "" };

        var results = new[]
        {
            await flows.CreateAsync(Environment, "created-by-a-reader", "Created"),
            await flows.ImportAsync(Environment, imported),
            await flows.CloneAsync(Environment, Flow, "cloned-by-a-reader", null),
            await flows.SaveDraftAsync(Environment, draft.Definition, draft.ETag),
            await flows.PublishAsync(Environment, Flow, "by a reader", draft.ETag),
            await flows.RollbackAsync(Environment, Flow, 1),
            await flows.DeleteDraftAsync(Environment, Flow, listed.ETag),
            await flows.DeleteAsync(Environment, Flow, listed.ETag),
        };

        Assert.All(results, result => Assert.Equal(DesignerFlowError.Forbidden, result.Error));
        Assert.Equal(before.Select(f => (f.Id, f.ETag)), (await flows.ListAsync(Environment)).Select(f => (f.Id, f.ETag)));
        Assert.NotEqual("Renamed by a reader", (await flows.GetDraftAsync(Environment, Flow))!.Definition.Name);
    }

    [Fact]
    public async Task A_read_only_administrator_binds_no_application()
    {
        await using var circuit = Circuit(ManagementScopes.Read);
        var applications = circuit.ServiceProvider.GetRequiredService<IDesignerApplications>();
        var before = (await applications.ListAsync(TestEnvironment.Id)).Single(a => a.ClientId == TestEnvironment.SpaClientId);

        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => applications.BindFlowAsync(TestEnvironment.Id, before.ClientId, "password-then-otp", 1));

        Assert.Equal(before, (await applications.ListAsync(TestEnvironment.Id)).Single(a => a.ClientId == before.ClientId));
    }

    [Fact]
    public async Task A_read_only_administrator_inspects_but_cancels_no_instance()
    {
        FlowInstance started;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            started = await scope.ServiceProvider.GetRequiredService<FlowRunner>().StartAsync(new FlowStartRequest(Environment, Flow));
        }

        await using var circuit = Circuit(ManagementScopes.Read);
        var instances = circuit.ServiceProvider.GetRequiredService<IDesignerInstances>();
        Assert.NotNull(await instances.GetAsync(started.Id));

        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => instances.CancelAsync(Environment, started.Id));

        Assert.Equal(FlowInstanceStatus.Suspended, (await instances.GetAsync(started.Id))!.Instance.Status);
    }

    [Fact]
    public async Task A_circuit_that_lost_its_sign_in_reads_nothing()
    {
        await using var circuit = Circuit();
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var applications = circuit.ServiceProvider.GetRequiredService<IDesignerApplications>();

        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => flows.ListAsync(Environment));
        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => applications.ListAsync(Environment));
    }

    /// <summary>A scope as a circuit has it, signed in with <paramref name="roles"/>; none: signed out.</summary>
    private AsyncServiceScope Circuit(params string[] roles)
    {
        var scope = server.Services.CreateAsyncScope();
        var identity = roles.Length == 0
            ? new ClaimsIdentity()
            : new ClaimsIdentity([new Claim("sub", "designer-reader"), .. roles.Select(role => new Claim("role", role))], "test");
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
        return scope;
    }
}
