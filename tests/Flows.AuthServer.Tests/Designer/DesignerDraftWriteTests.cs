using System.Net;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Tests.Management;
using Flows.Designer.Services;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// Saving, discarding and publishing a draft in the designer: refused as <c>/v1</c> refuses it (in the error catalog's
/// words), refused on an ETag that is no longer the draft's or the flow's, and logged once, as the same <c>/v1</c> call.
/// </summary>
[Collection(DesignerWriteCollection.Name)]
public sealed class DesignerDraftWriteTests(ManagementServerFixture server)
{
    private readonly DesignerWrites _writes = new(server);

    private static string FlowPath(string flowId) => $"/v1/environments/{Id}/flows/{flowId}";

    [Fact]
    public async Task A_draft_without_a_name_is_refused_with_the_catalogs_message_and_the_saved_draft_stays()
    {
        await using var circuit = _writes.SignedIn("drafter-1");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = await CloneAsync(flows);
        var opened = (await flows.GetDraftAsync(Id, id))!;
        opened.Definition.Name = " ";
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.SaveDraftAsync(Id, opened.Definition, opened.ETag);
        var v1 = await FlowTestDefinitions.SendAsync(_writes.Api, HttpMethod.Put, FlowPath(id) + "/draft", await _writes.Api.TokenAsync(), opened.Definition);

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCatalog.Invalid.Code), (v1.Status, v1.Code));
        Assert.Equal(DesignerFlowError.Invalid, refused.Error);
        Assert.Equal($"{ErrorCatalog.Invalid.Page.Title}: {v1.Body["errors"]!["name"]![0]!.GetValue<string>()}.", refused.Message);
        Assert.Equal(opened.ETag, (await flows.GetDraftAsync(Id, id))!.ETag);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_draft_saved_over_an_older_etag_is_refused_as_v1_refuses_it_and_keeps_the_newer_draft()
    {
        await using var circuit = _writes.SignedIn("drafter-2");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = await CloneAsync(flows);
        var mine = (await flows.GetDraftAsync(Id, id))!;
        var theirs = (await flows.GetDraftAsync(Id, id))!;
        theirs.Definition.Name = "Theirs";
        Assert.True((await flows.SaveDraftAsync(Id, theirs.Definition, theirs.ETag)).Succeeded);
        mine.Definition.Name = "Mine";
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.SaveDraftAsync(Id, mine.Definition, mine.ETag);
        var v1 = await FlowTestDefinitions.SendAsync(
            _writes.Api, HttpMethod.Put, FlowPath(id) + "/draft", await _writes.Api.TokenAsync(), mine.Definition, ifMatch: mine.ETag);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ErrorCatalog.Stale.Code), (v1.Status, v1.Code));
        Assert.Equal((DesignerFlowError.Stale, ErrorCatalog.Stale.Page.Text), (refused.Error, refused.Message));
        Assert.Equal("Theirs", (await flows.GetDraftAsync(Id, id))!.Definition.Name);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_saved_draft_is_logged_once_as_the_v1_save_logs_it()
    {
        await using var circuit = _writes.SignedIn("drafter-3");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var (mine, other) = (await CloneAsync(flows), await CloneAsync(flows));
        var draft = (await flows.GetDraftAsync(Id, mine))!;
        draft.Definition.Name = "Saved in the designer";
        var otherDraft = (await flows.GetDraftAsync(Id, other))!;
        var mark = await _writes.AuditMarkAsync();

        Assert.True((await flows.SaveDraftAsync(Id, draft.Definition, draft.ETag)).Succeeded);
        var v1 = await FlowTestDefinitions.SendAsync(
            _writes.Api, HttpMethod.Put, FlowPath(other) + "/draft", await _writes.Api.TokenAsync(), otherDraft.Definition, ifMatch: otherDraft.ETag);

        Assert.Equal(HttpStatusCode.OK, v1.Status);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "drafter-3");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("SaveFlowDraft"), "drafter-3");
    }

    [Fact]
    public async Task Discarding_a_draft_the_flow_does_not_have_is_refused_with_the_sentence_v1_answers()
    {
        await using var circuit = _writes.SignedIn("discarder-1");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = await CloneAsync(flows);
        Assert.True((await flows.PublishAsync(Id, id, null, (await flows.GetDraftAsync(Id, id))!.ETag)).Succeeded);
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == id);
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.DeleteDraftAsync(Id, id, listed.ETag);
        var v1 = await _writes.Api.DeleteAsync(FlowPath(id) + "/draft", await _writes.Api.TokenAsync());

        Assert.Equal((HttpStatusCode.NotFound, ErrorCatalog.ResourceNotFound.Code), (v1.Status, v1.Code));
        Assert.Equal((DesignerFlowError.NotFound, v1.Text("detail")), (refused.Error, refused.Message));
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task Discarding_a_draft_saved_since_the_flow_was_listed_is_refused_as_stale_and_keeps_it()
    {
        await using var circuit = _writes.SignedIn("discarder-2");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = await CloneAsync(flows);
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == id);
        var flowETag = (await _writes.Api.GetAsync(FlowPath(id), await _writes.Api.TokenAsync())).ETag;
        var draft = (await flows.GetDraftAsync(Id, id))!;
        draft.Definition.Name = "Saved since";
        Assert.True((await flows.SaveDraftAsync(Id, draft.Definition, draft.ETag)).Succeeded);
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.DeleteDraftAsync(Id, id, listed.ETag);

        Assert.Equal(listed.ETag, flowETag);
        Assert.Equal((DesignerFlowError.Stale, ErrorCatalog.Stale.Page.Text), (refused.Error, refused.Message));
        Assert.Equal("Saved since", (await flows.GetDraftAsync(Id, id))!.Definition.Name);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_discarded_draft_is_logged_once_as_the_v1_discard_logs_it()
    {
        await using var circuit = _writes.SignedIn("discarder-3");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var (mine, other) = (await CloneAsync(flows), await CloneAsync(flows));
        var listed = (await flows.ListAsync(Id)).Single(f => f.Id == mine);
        var mark = await _writes.AuditMarkAsync();

        Assert.True((await flows.DeleteDraftAsync(Id, mine, listed.ETag)).Succeeded);
        var v1 = await _writes.Api.DeleteAsync(FlowPath(other) + "/draft", await _writes.Api.TokenAsync());

        Assert.Equal(HttpStatusCode.NoContent, v1.Status);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "discarder-3");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("DeleteFlowDraft"), "discarder-3");
    }

    [Fact]
    public async Task A_draft_that_does_not_validate_is_not_published_and_the_designer_shows_the_catalogs_words()
    {
        await using var circuit = _writes.SignedIn("publisher-1");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = await CloneAsync(flows);
        var draft = (await flows.GetDraftAsync(Id, id))!;
        draft.Definition.Start = "nowhere";
        var saved = await flows.SaveDraftAsync(Id, draft.Definition, draft.ETag);
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.PublishAsync(Id, id, null, saved.ETag);
        var v1 = await _writes.Api.SendAsync(HttpMethod.Post, FlowPath(id) + "/publish", await _writes.Api.TokenAsync(), ifMatch: saved.ETag);

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCatalog.InvalidDefinition.Title), (v1.Status, v1.Text("title")));
        Assert.Equal((DesignerFlowError.InvalidDefinition, ErrorCatalog.InvalidDefinition.Page.Text), (refused.Error, refused.Message));
        Assert.NotEmpty(refused.Problems);
        Assert.Empty(await flows.ListVersionsAsync(Id, id));
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task Publishing_a_draft_changed_since_it_was_opened_is_refused_as_stale_and_publishes_nothing()
    {
        await using var circuit = _writes.SignedIn("publisher-2");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = await CloneAsync(flows);
        var opened = (await flows.GetDraftAsync(Id, id))!;
        opened.Definition.Name = "Changed by someone else";
        Assert.True((await flows.SaveDraftAsync(Id, opened.Definition, opened.ETag)).Succeeded);
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.PublishAsync(Id, id, null, opened.ETag);
        var v1 = await _writes.Api.SendAsync(HttpMethod.Post, FlowPath(id) + "/publish", await _writes.Api.TokenAsync(), ifMatch: opened.ETag);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ErrorCatalog.Stale.Code), (v1.Status, v1.Code));
        Assert.Equal((DesignerFlowError.Stale, ErrorCatalog.Stale.Page.Text), (refused.Error, refused.Message));
        Assert.Empty(await flows.ListVersionsAsync(Id, id));
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_published_version_is_logged_once_as_the_v1_publish_logs_it()
    {
        await using var circuit = _writes.SignedIn("publisher-3");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var (mine, other) = (await CloneAsync(flows), await CloneAsync(flows));
        var draft = (await flows.GetDraftAsync(Id, mine))!;
        var mark = await _writes.AuditMarkAsync();

        Assert.Equal(1, (await flows.PublishAsync(Id, mine, "From the designer", draft.ETag)).Version);
        var v1 = await _writes.Api.SendAsync(HttpMethod.Post, FlowPath(other) + "/publish", await _writes.Api.TokenAsync());

        Assert.Equal(HttpStatusCode.Created, v1.Status);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "publisher-3");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("PublishFlow"), "publisher-3");
    }

    /// <summary>A new flow of the test environment whose draft copies the shipped password flow.</summary>
    private static async Task<string> CloneAsync(IDesignerFlows flows)
    {
        var id = FlowTestDefinitions.NewId();
        Assert.True((await flows.CloneAsync(Id, "username-password", id, null)).Succeeded);
        return id;
    }
}
