using System.Net;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Tests.Management;
using Flows.Designer.Services;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// Deleting a flow and making a version the default in the designer: refused as <c>/v1</c> refuses it (in the error
/// catalog's words), refused when the flow changed since it was listed, and logged once, as the same <c>/v1</c> call.
/// </summary>
[Collection(DesignerWriteCollection.Name)]
public sealed class DesignerReleaseWriteTests(ManagementServerFixture server)
{
    private readonly DesignerWrites _writes = new(server);

    private static string FlowPath(string flowId) => $"/v1/environments/{Id}/flows/{flowId}";

    [Fact]
    public async Task Deleting_a_flow_an_application_runs_is_refused_with_the_sentence_v1_answers_and_the_flow_stays()
    {
        await using var circuit = _writes.SignedIn("deleter-1");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == "password-then-otp");
        Assert.NotEmpty(listed.Applications);
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.DeleteAsync(Id, listed.Id, listed.ETag);
        var v1 = await _writes.Api.DeleteAsync(FlowPath(listed.Id), await _writes.Api.TokenAsync(), ifMatch: listed.ETag);

        Assert.Equal((HttpStatusCode.Conflict, ErrorCatalog.ResourceConflict.Code), (v1.Status, v1.Code));
        Assert.Equal((DesignerFlowError.Conflict, v1.Text("detail")), (refused.Error, refused.Message));
        Assert.Contains(await flows.ListAsync(Id), f => f.Id == listed.Id);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task Deleting_a_flow_changed_since_it_was_listed_is_refused_as_stale_and_the_flow_stays()
    {
        await using var circuit = _writes.SignedIn("deleter-2");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = await CloneAsync(flows);
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == id);
        var draft = (await flows.GetDraftAsync(Id, id))!;
        draft.Definition.Name = "Changed since";
        Assert.True((await flows.SaveDraftAsync(Id, draft.Definition, draft.ETag)).Succeeded);
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.DeleteAsync(Id, id, listed.ETag);
        var v1 = await _writes.Api.DeleteAsync(FlowPath(id), await _writes.Api.TokenAsync(), ifMatch: listed.ETag);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ErrorCatalog.Stale.Code), (v1.Status, v1.Code));
        Assert.Equal((DesignerFlowError.Stale, ErrorCatalog.Stale.Page.Text), (refused.Error, refused.Message));
        Assert.Contains(await flows.ListAsync(Id), f => f.Id == id);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_deleted_flow_is_logged_once_as_the_v1_delete_logs_it()
    {
        await using var circuit = _writes.SignedIn("deleter-3");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var (mine, other) = (await CloneAsync(flows), await CloneAsync(flows));
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == mine);
        var mark = await _writes.AuditMarkAsync();

        Assert.True((await flows.DeleteAsync(Id, mine, listed.ETag)).Succeeded);
        var v1 = await _writes.Api.DeleteAsync(FlowPath(other), await _writes.Api.TokenAsync());

        Assert.Equal(HttpStatusCode.NoContent, v1.Status);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "deleter-3");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("DeleteFlow"), "deleter-3");
    }

    [Fact]
    public async Task A_version_never_published_is_refused_with_the_catalogs_message_and_the_default_stays()
    {
        await using var circuit = _writes.SignedIn("roller-1");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = await PublishedAsync(flows, versions: 1);
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == id);
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.RollbackAsync(Id, id, 99, listed.ETag);
        var v1 = await _writes.Api.PutAsync(FlowPath(id) + "/default", await _writes.Api.TokenAsync(), new { version = 99 }, ifMatch: listed.ETag);

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCatalog.Invalid.Code), (v1.Status, v1.Code));
        Assert.Equal(DesignerFlowError.Invalid, refused.Error);
        Assert.Equal($"{ErrorCatalog.Invalid.Page.Title}: {v1.Body["errors"]!["version"]![0]!.GetValue<string>()}.", refused.Message);
        Assert.Equal(1, (await flows.ListAsync(Id)).Single(f => f.Id == id).DefaultVersion);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_rollback_of_a_flow_changed_since_it_was_listed_is_refused_as_stale_and_the_default_stays()
    {
        await using var circuit = _writes.SignedIn("roller-2");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = await PublishedAsync(flows, versions: 2);
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == id);
        var draft = (await flows.GetDraftAsync(Id, id))!;
        Assert.True((await flows.SaveDraftAsync(Id, draft.Definition, draft.ETag)).Succeeded);
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.RollbackAsync(Id, id, 1, listed.ETag);
        var v1 = await _writes.Api.PutAsync(FlowPath(id) + "/default", await _writes.Api.TokenAsync(), new { version = 1 }, ifMatch: listed.ETag);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ErrorCatalog.Stale.Code), (v1.Status, v1.Code));
        Assert.Equal((DesignerFlowError.Stale, ErrorCatalog.Stale.Page.Text), (refused.Error, refused.Message));
        Assert.Equal(2, (await flows.ListAsync(Id)).Single(f => f.Id == id).DefaultVersion);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_rollback_is_logged_once_as_the_v1_default_version_change_logs_it()
    {
        await using var circuit = _writes.SignedIn("roller-3");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var (mine, other) = (await PublishedAsync(flows, versions: 2), await PublishedAsync(flows, versions: 2));
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == mine);
        var mark = await _writes.AuditMarkAsync();

        Assert.True((await flows.RollbackAsync(Id, mine, 1, listed.ETag)).Succeeded);
        var v1 = await _writes.Api.PutAsync(FlowPath(other) + "/default", await _writes.Api.TokenAsync(), new { version = 1 });

        Assert.Equal(HttpStatusCode.OK, v1.Status);
        Assert.Equal(1, (await flows.ListAsync(Id)).Single(f => f.Id == mine).DefaultVersion);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "roller-3");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("SetFlowDefaultVersion"), "roller-3");
    }

    [Fact]
    public async Task A_rollout_started_in_the_designer_is_listed_and_logged_once_as_the_v1_rollout_logs_it()
    {
        await using var circuit = _writes.SignedIn("roller-4");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var (mine, other) = (await PublishedAsync(flows, versions: 2), await PublishedAsync(flows, versions: 2));
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == mine);
        var mark = await _writes.AuditMarkAsync();

        Assert.True((await flows.StartRolloutAsync(Id, mine, 1, 20, listed.ETag)).Succeeded);
        var v1 = await _writes.Api.PutAsync(FlowPath(other) + "/rollout", await _writes.Api.TokenAsync(), new { version = 1, percent = 20 });

        Assert.Equal(HttpStatusCode.OK, v1.Status);
        Assert.Equal(new DesignerFlowRollout(1, 20), (await flows.ListAsync(Id)).Single(f => f.Id == mine).Rollout);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "roller-4");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("SetFlowRollout"), "roller-4");
    }

    private static async Task<string> CloneAsync(IDesignerFlows flows)
    {
        var id = FlowTestDefinitions.NewId();
        Assert.True((await flows.CloneAsync(Id, "username-password", id, null)).Succeeded);
        return id;
    }

    /// <summary>A new flow with <paramref name="versions"/> published versions, the last of them the default.</summary>
    private static async Task<string> PublishedAsync(IDesignerFlows flows, int versions)
    {
        var id = await CloneAsync(flows);
        for (var version = 1; version <= versions; version++)
        {
            if (version > 1)
            {
                var published = (await flows.GetDraftAsync(Id, id))!;
                published.Definition.Name = $"Version {version}";
                Assert.True((await flows.SaveDraftAsync(Id, published.Definition, published.ETag)).Succeeded);
            }

            Assert.Equal(version, (await flows.PublishAsync(Id, id, null, (await flows.GetDraftAsync(Id, id))!.ETag)).Version);
        }

        return id;
    }
}
