using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Tests.Hosting;
using Flows.Designer.Services;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>The designer's services as the server implements them, on a server of their own (they change flows and bindings).</summary>
public sealed class DesignerAdapterTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Environment = TestEnvironment.Other;
    private const string Flow = "username-password";

    private T Get<T>() where T : notnull => server.Services.GetRequiredService<T>();

    [Fact]
    public async Task A_draft_is_saved_apart_from_the_versions_published_with_a_note_and_rolled_back_by_setting_the_default()
    {
        await using var scope = server.Services.SignedInScope("admin-7");
        var flows = scope.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var opened = (await flows.GetDraftAsync(Environment, Flow))!;
        Assert.False(opened.HasUnpublishedChanges);
        var firstVersion = opened.LatestVersion!.Value;
        var originalName = opened.Definition.FindNode("password")!.Name;

        opened.Definition.FindNode("password")!.Name = "Renamed in the designer";
        var saved = await flows.SaveDraftAsync(Environment, opened.Definition, opened.ETag);
        Assert.True(saved.Succeeded, saved.Message);
        var draft = (await flows.GetDraftAsync(Environment, Flow))!;
        Assert.True(draft.HasUnpublishedChanges);
        Assert.Equal(saved.ETag, draft.ETag);
        Assert.Equal("Renamed in the designer", draft.Definition.FindNode("password")!.Name);
        Assert.Equal(originalName, (await flows.GetVersionAsync(Environment, Flow, firstVersion))!.FindNode("password")!.Name);
        Assert.Contains(await flows.ListAsync(Environment), f => f.Id == Flow && f.HasDraft);

        var published = await flows.PublishAsync(Environment, Flow, "Renamed the first step", draft.ETag);
        Assert.Equal(firstVersion + 1, published.Version);
        Assert.False((await flows.GetDraftAsync(Environment, Flow))!.HasUnpublishedChanges);
        Assert.Contains(await flows.ListVersionsAsync(Environment, Flow), v => v.Version == published.Version && v.Note == "Renamed the first step" && v.IsDefault);

        var rolledBack = await flows.RollbackAsync(Environment, Flow, firstVersion);
        Assert.True(rolledBack.Succeeded, rolledBack.Message);
        var versions = await flows.ListVersionsAsync(Environment, Flow);
        Assert.Equal(firstVersion + 1, versions.Max(v => v.Version));
        Assert.Equal(firstVersion, Assert.Single(versions, v => v.IsDefault).Version);
        var summary = Assert.Single(await flows.ListAsync(Environment), f => f.Id == Flow);
        Assert.Equal((firstVersion, firstVersion + 1), (summary.DefaultVersion, summary.LatestVersion));
        Assert.Equal(originalName, (await flows.GetDraftAsync(Environment, Flow))!.Definition.FindNode("password")!.Name);

        var audited = await AuditAsync(Flow);
        Assert.Contains(audited, e => e.Action == "flow.draftSaved" && e.Actor == "admin-7" && e.Path == $"/designer/flows/{Flow}/draft");
        Assert.Contains(audited, e => e.Action == "flow.published" && e.Actor == "admin-7" && e.EnvironmentId == Environment);
        Assert.Contains(audited, e => e.Action == "flow.defaultVersionSet" && e.Actor == "admin-7");
    }

    [Fact]
    public async Task Saving_over_a_draft_someone_else_saved_is_refused_as_stale_and_keeps_theirs()
    {
        await using var scope = server.Services.SignedInScope("admin-8");
        var flows = scope.ServiceProvider.GetRequiredService<IDesignerFlows>();
        Assert.True((await flows.CreateAsync(Environment, "stale-check", "Stale check")).Succeeded);
        var mine = (await flows.GetDraftAsync(Environment, "stale-check"))!;
        var theirs = (await flows.GetDraftAsync(Environment, "stale-check"))!;
        theirs.Definition.Name = "Theirs";
        Assert.True((await flows.SaveDraftAsync(Environment, theirs.Definition, theirs.ETag)).Succeeded);

        mine.Definition.Name = "Mine";
        var refused = await flows.SaveDraftAsync(Environment, mine.Definition, mine.ETag);

        Assert.Equal(DesignerFlowError.Stale, refused.Error);
        Assert.Equal(ErrorCatalog.Stale.Page.Text, refused.Message);
        Assert.Equal("Theirs", (await flows.GetDraftAsync(Environment, "stale-check"))!.Definition.Name);
        Assert.Equal(DesignerFlowError.Stale, (await flows.PublishAsync(Environment, "stale-check", null, mine.ETag)).Error);
    }

    [Fact]
    public async Task A_new_flow_starts_as_an_empty_draft_and_is_cloned_its_draft_discarded_and_deleted()
    {
        await using var scope = server.Services.SignedInScope("admin-9");
        var flows = scope.ServiceProvider.GetRequiredService<IDesignerFlows>();

        Assert.True((await flows.CreateAsync(Environment, "blank-flow", "Blank flow")).Succeeded);
        Assert.Equal(DesignerFlowError.AlreadyExists, (await flows.CreateAsync(Environment, "blank-flow", "Again")).Error);
        var blank = (await flows.GetDraftAsync(Environment, "blank-flow"))!;
        Assert.True(blank.HasUnpublishedChanges);
        Assert.Empty(blank.Definition.Nodes);
        Assert.Contains(await flows.ListAsync(Environment), f => f.Id == "blank-flow" && f.HasDraft && f.LatestVersion is null);

        Assert.True((await flows.CloneAsync(Environment, Flow, "cloned-flow", "Cloned")).Succeeded);
        var clone = (await flows.GetDraftAsync(Environment, "cloned-flow"))!;
        Assert.Equal("Cloned", clone.Definition.Name);
        Assert.NotNull(clone.Definition.FindNode("password"));

        // Deletes name the flow as it was listed: a draft saved since then is not discarded unseen.
        var listed = (await flows.ListAsync(Environment)).Single(f => f.Id == "cloned-flow");
        clone.Definition.Name = "Cloned, then renamed";
        Assert.True((await flows.SaveDraftAsync(Environment, clone.Definition, clone.ETag)).Succeeded);
        Assert.Equal(DesignerFlowError.Stale, (await flows.DeleteDraftAsync(Environment, "cloned-flow", listed.ETag)).Error);
        Assert.Equal("Cloned, then renamed", (await flows.GetDraftAsync(Environment, "cloned-flow"))!.Definition.Name);
        var relisted = (await flows.ListAsync(Environment)).Single(f => f.Id == "cloned-flow");
        Assert.True((await flows.DeleteDraftAsync(Environment, "cloned-flow", relisted.ETag)).Succeeded);
        var blankListed = (await flows.ListAsync(Environment)).Single(f => f.Id == "blank-flow");
        Assert.True((await flows.DeleteAsync(Environment, "blank-flow", blankListed.ETag)).Succeeded);
        Assert.DoesNotContain(await flows.ListAsync(Environment), f => f.Id == "blank-flow");
        Assert.Contains(await AuditAsync("blank-flow"), e => e.Action == "flow.deleted" && e.Actor == "admin-9" && e.Method == "DELETE");
    }

    [Fact]
    public async Task An_invalid_draft_is_not_published_and_its_problems_name_the_node()
    {
        await using var scope = server.Services.SignedInScope("admin-10");
        var flows = scope.ServiceProvider.GetRequiredService<IDesignerFlows>();
        Assert.True((await flows.CloneAsync(Environment, Flow, "broken-flow", null)).Succeeded);
        var draft = (await flows.GetDraftAsync(Environment, "broken-flow"))!;
        draft.Definition.Edges.RemoveAll(edge => edge.From == "password" && edge.Outcome == "success");
        var saved = await flows.SaveDraftAsync(Environment, draft.Definition, draft.ETag);

        var result = await flows.PublishAsync(Environment, "broken-flow", "broken", saved.ETag);

        Assert.Equal(DesignerFlowError.InvalidDefinition, result.Error);
        Assert.Contains(result.Problems, problem => problem.NodeId == "password");
        Assert.Empty(await flows.ListVersionsAsync(Environment, "broken-flow"));
    }

    private async Task<List<AuditEntryRecord>> AuditAsync(string flowId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var path = $"/designer/flows/{flowId}";
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Path.StartsWith(path)).ToListAsync();
    }

    [Fact]
    public async Task Binding_an_application_stores_flow_and_version_and_forgets_the_cached_client()
    {
        await using var scope = server.Services.SignedInScope("admin-11");
        var applications = scope.ServiceProvider.GetRequiredService<IDesignerApplications>();
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

        await using var circuit = server.Services.SignedInScope("admin-12");
        var instances = circuit.ServiceProvider.GetRequiredService<IDesignerInstances>();
        var page = await instances.ListAsync(new DesignerInstanceFilter { EnvironmentId = Environment, Status = FlowInstanceStatus.Suspended }, null, 50);
        Assert.Contains(page.Items, i => i.Id == started.Id && i.CurrentNodeId == "password");
        var detail = (await instances.GetAsync(started.Id))!;
        Assert.NotEmpty(detail.Journal);
        Assert.NotNull(detail.Definition);

        Assert.Null(await instances.CancelAsync(Environment, started.Id));
        Assert.NotNull(await instances.CancelAsync(Environment, started.Id));
        Assert.Equal(FlowInstanceStatus.Cancelled, (await instances.GetAsync(started.Id))!.Instance.Status);
    }
}
