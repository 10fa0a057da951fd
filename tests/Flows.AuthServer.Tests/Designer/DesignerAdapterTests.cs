using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.Designer.Services;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>The designer's services as the server implements them, on a server of their own (they change flows and bindings).</summary>
public sealed class DesignerAdapterTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Environment = TestEnvironment.Other;
    private const string Flow = "username-password";

    private T Get<T>() where T : notnull => server.Services.GetRequiredService<T>();

    [Fact]
    public async Task A_draft_is_saved_apart_from_the_versions_then_published_with_a_note_and_rolled_back()
    {
        var flows = Get<IDesignerFlows>();
        var opened = (await flows.GetDraftAsync(Environment, Flow))!;
        Assert.False(opened.HasUnpublishedChanges);
        var firstVersion = opened.LatestVersion!.Value;
        var originalName = opened.Definition.FindNode("password")!.Name;

        opened.Definition.FindNode("password")!.Name = "Renamed in the designer";
        await flows.SaveDraftAsync(Environment, opened.Definition);
        var draft = (await flows.GetDraftAsync(Environment, Flow))!;
        Assert.True(draft.HasUnpublishedChanges);
        Assert.Equal("Renamed in the designer", draft.Definition.FindNode("password")!.Name);
        Assert.Equal(originalName, (await flows.GetVersionAsync(Environment, Flow, firstVersion))!.FindNode("password")!.Name);
        Assert.Contains(await flows.ListAsync(Environment), f => f.Id == Flow && f.HasDraft);

        var published = await flows.PublishAsync(Environment, draft.Definition, "Renamed the first step");
        Assert.Equal(firstVersion + 1, published.Version);
        Assert.False((await flows.GetDraftAsync(Environment, Flow))!.HasUnpublishedChanges);
        Assert.Contains(await flows.ListVersionsAsync(Environment, Flow), v => v.Version == published.Version && v.Note == "Renamed the first step");

        var rolledBack = await flows.RollbackAsync(Environment, Flow, firstVersion);
        Assert.Equal(firstVersion + 2, rolledBack.Version);
        Assert.Equal(originalName, (await flows.GetVersionAsync(Environment, Flow, rolledBack.Version!.Value))!.FindNode("password")!.Name);
        Assert.Contains(await flows.ListVersionsAsync(Environment, Flow), v => v.Version == rolledBack.Version && v.Note == $"Rollback to version {firstVersion}");
    }

    [Fact]
    public async Task An_invalid_definition_is_not_published_and_its_problems_name_the_node()
    {
        var flows = Get<IDesignerFlows>();
        var definition = (await flows.GetDraftAsync(Environment, Flow))!.Definition;
        definition.Edges.RemoveAll(edge => edge.From == "password" && edge.Outcome == "success");
        var versions = (await flows.ListVersionsAsync(Environment, Flow)).Count;

        var result = await flows.PublishAsync(Environment, definition, "broken");

        Assert.Null(result.Version);
        Assert.Contains(result.Problems, problem => problem.NodeId == "password");
        Assert.Equal(versions, (await flows.ListVersionsAsync(Environment, Flow)).Count);
    }

    [Fact]
    public async Task Binding_an_application_stores_flow_and_version_and_forgets_the_cached_client()
    {
        var applications = Get<IDesignerApplications>();
        var cache = Get<ApplicationCache>();
        var client = (await applications.ListAsync(TestEnvironment.Id)).First(a => a.ClientId == TestEnvironment.SpaClientId);
        cache.Add(new FlowsApplication { EnvironmentId = TestEnvironment.Id, ClientId = client.ClientId });

        await applications.BindFlowAsync(TestEnvironment.Id, client.ClientId, "password-then-otp", 1);

        Assert.Null(cache.Find(TestEnvironment.Id, client.ClientId));
        var bound = (await applications.ListAsync(TestEnvironment.Id)).First(a => a.ClientId == client.ClientId);
        Assert.Equal(("password-then-otp", (int?)1), (bound.FlowId, bound.FlowVersion));
    }

    [Fact]
    public async Task A_waiting_instance_is_listed_inspected_and_cancelled_once()
    {
        FlowInstance started;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            started = await scope.ServiceProvider.GetRequiredService<FlowRunner>().StartAsync(new FlowStartRequest(Environment, Flow));
        }

        var instances = Get<IDesignerInstances>();
        var page = await instances.ListAsync(new DesignerInstanceFilter { EnvironmentId = Environment, Status = FlowInstanceStatus.Suspended }, null, 50);
        Assert.Contains(page.Items, i => i.Id == started.Id && i.CurrentNodeId == "password");
        var detail = (await instances.GetAsync(started.Id))!;
        Assert.NotEmpty(detail.Journal);
        Assert.NotNull(detail.Definition);

        Assert.True(await instances.CancelAsync(started.Id));
        Assert.False(await instances.CancelAsync(started.Id));
        Assert.Equal(FlowInstanceStatus.Cancelled, (await instances.GetAsync(started.Id))!.Instance.Status);
    }
}
