using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.Designer.Services;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The designer's application binding and instance cancel are audited by their services with the change, as the
/// administrator signed in to the circuit.
/// </summary>
public sealed class DesignerAuditTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Environment = TestEnvironment.Id;

    [Fact]
    public async Task Binding_an_application_stores_the_binding_and_its_audit_entry_together()
    {
        await using var scope = server.Services.SignedInScope("admin-3");

        await scope.ServiceProvider.GetRequiredService<IDesignerApplications>()
            .BindFlowAsync(Environment, TestEnvironment.WebClientId, "password-then-otp", 1);

        var (binding, audited) = await BindingAndAuditAsync(TestEnvironment.WebClientId);
        Assert.Equal(("password-then-otp", (int?)1), binding);
        var entry = Assert.Single(audited);
        Assert.Equal(("application.updated", "admin-3", Environment, "PATCH"), (entry.Action, entry.Actor, entry.EnvironmentId, entry.Method));
    }

    [Fact]
    public async Task A_binding_abandoned_before_it_is_saved_leaves_neither_the_change_nor_an_audit_entry()
    {
        await using var scope = server.Services.SignedInScope("admin-4");
        using var abandoned = new CancellationTokenSource();
        await abandoned.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scope.ServiceProvider.GetRequiredService<IDesignerApplications>()
            .BindFlowAsync(Environment, TestEnvironment.SpaClientId, "username-password", 1, cancellationToken: abandoned.Token));

        var (binding, audited) = await BindingAndAuditAsync(TestEnvironment.SpaClientId);
        Assert.Equal(("password-then-otp", (int?)null), binding);
        Assert.Empty(audited);
    }

    [Fact]
    public async Task Cancelling_an_instance_is_audited_and_a_refused_cancel_is_not()
    {
        FlowInstance started;
        await using (var engine = server.Services.CreateAsyncScope())
        {
            started = await engine.ServiceProvider.GetRequiredService<FlowRunner>().StartAsync(new FlowStartRequest(Environment, "username-password"));
        }

        await using var scope = server.Services.SignedInScope("admin-5");
        var instances = scope.ServiceProvider.GetRequiredService<IDesignerInstances>();

        Assert.Null(await instances.CancelAsync(Environment, started.Id));
        Assert.NotNull(await instances.CancelAsync(Environment, started.Id));

        var entry = Assert.Single(await AuditAsync($"/designer/instances/{started.Id}"));
        Assert.Equal(("flowInstance.cancelled", "admin-5", Environment, "POST"), (entry.Action, entry.Actor, entry.EnvironmentId, entry.Method));
        Assert.Equal(FlowInstanceStatus.Cancelled, (await instances.GetAsync(started.Id))!.Instance.Status);
    }

    private async Task<((string? FlowId, int? Version) Binding, List<AuditEntryRecord> Audited)> BindingAndAuditAsync(string clientId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var application = await db.Applications.AsNoTracking().SingleAsync(a => a.EnvironmentId == Environment && a.ClientId == clientId);
        return ((application.FlowId, application.FlowVersion), await AuditAsync($"/designer/applications/{clientId}"));
    }

    private async Task<List<AuditEntryRecord>> AuditAsync(string path)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Path == path).ToListAsync();
    }
}
