using System.Net;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Tests.Management;
using Flows.Designer.Services;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// Cancelling an instance in the operator console: through the instance service <c>/v1</c> cancels with, so an ended
/// instance is refused in the catalog's words, one that moved on since it was shown is refused as stale, and a
/// cancel is logged once, as the <c>/v1</c> cancel is.
/// </summary>
[Collection(DesignerWriteCollection.Name)]
public sealed class DesignerInstanceCancelTests(ManagementServerFixture server)
{
    private const string Instances = $"/v1/environments/{Id}/flowInstances";

    private readonly DesignerWrites _writes = new(server);

    [Fact]
    public async Task Cancelling_an_ended_instance_is_refused_with_the_sentence_v1_answers_and_logs_nothing()
    {
        var started = await StartAsync();
        await using var circuit = _writes.SignedIn("operator-1");
        var instances = circuit.ServiceProvider.GetRequiredService<IDesignerInstances>();
        Assert.Null(await instances.CancelAsync(Id, started.Id));
        var shown = (await instances.GetAsync(started.Id))!;
        var mark = await _writes.AuditMarkAsync();

        var refused = await instances.CancelAsync(Id, started.Id, shown.ETag);
        var v1 = await _writes.Api.SendAsync(HttpMethod.Post, $"{Instances}/{started.Id}/cancel", await _writes.Api.TokenAsync(), "{}", ifMatch: shown.ETag);

        Assert.Equal((HttpStatusCode.Conflict, ErrorCatalog.ResourceConflict.Code), (v1.Status, v1.Code));
        Assert.Equal(v1.Text("detail"), refused);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task Cancelling_an_instance_that_moved_on_since_it_was_shown_is_refused_as_stale_and_it_keeps_waiting()
    {
        var started = await StartAsync();
        await using var circuit = _writes.SignedIn("operator-2");
        var instances = circuit.ServiceProvider.GetRequiredService<IDesignerInstances>();
        var shown = (await instances.GetAsync(started.Id))!;
        await using (var engine = server.Services.CreateAsyncScope())
        {
            await engine.ServiceProvider.GetRequiredService<FlowRunner>().RestartAsync(started.Id);
        }

        var mark = await _writes.AuditMarkAsync();

        var refused = await instances.CancelAsync(Id, started.Id, shown.ETag);
        var v1 = await _writes.Api.SendAsync(HttpMethod.Post, $"{Instances}/{started.Id}/cancel", await _writes.Api.TokenAsync(), "{}", ifMatch: shown.ETag);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ErrorCatalog.Stale.Code), (v1.Status, v1.Code));
        Assert.Equal(ErrorCatalog.Stale.Page.Text, refused);
        Assert.Equal(FlowInstanceStatus.Suspended, (await instances.GetAsync(started.Id))!.Instance.Status);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_cancel_is_logged_once_as_the_v1_cancel_logs_it()
    {
        var (mine, other) = (await StartAsync(), await StartAsync());
        await using var circuit = _writes.SignedIn("operator-3");
        var instances = circuit.ServiceProvider.GetRequiredService<IDesignerInstances>();
        var shown = (await instances.GetAsync(mine.Id))!;
        var mark = await _writes.AuditMarkAsync();

        Assert.Null(await instances.CancelAsync(Id, mine.Id, shown.ETag));
        var v1 = await _writes.Api.PostAsync($"{Instances}/{other.Id}/cancel", await _writes.Api.TokenAsync(), new { });

        Assert.Equal(HttpStatusCode.OK, v1.Status);
        Assert.Equal(FlowInstanceStatus.Cancelled, (await instances.GetAsync(mine.Id))!.Instance.Status);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "operator-3");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("CancelFlowInstance"), "operator-3");
    }

    private async Task<FlowInstance> StartAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FlowRunner>().StartAsync(new FlowStartRequest(Id, "username-password"));
    }
}
