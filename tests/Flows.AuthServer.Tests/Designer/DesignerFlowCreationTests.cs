using System.Net;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Tests.Management;
using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// Creating, importing and cloning a flow in the designer: the flow service's rules refuse what <c>/v1</c> refuses, in
/// the error catalog's words, and a created flow is logged once, as the same <c>/v1</c> call logs it.
/// </summary>
[Collection(DesignerWriteCollection.Name)]
public sealed class DesignerFlowCreationTests(ManagementServerFixture server)
{
    private const string Flows = $"/v1/environments/{Id}/flows";

    private readonly DesignerWrites _writes = new(server);

    [Fact]
    public async Task A_flow_with_an_invalid_id_is_refused_with_the_catalogs_message_as_v1_refuses_it_and_nothing_is_created()
    {
        await using var circuit = _writes.SignedIn("creator-1");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.CreateAsync(Id, "Not an id!", "Invalid");
        var v1 = await FlowTestDefinitions.SendAsync(_writes.Api, HttpMethod.Post, Flows, await _writes.Api.TokenAsync(),
            new FlowDefinition { Id = "Not an id!", Name = "Invalid", Start = "" });

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCatalog.Invalid.Code), (v1.Status, v1.Code));
        Assert.Equal(DesignerFlowError.Invalid, refused.Error);
        Assert.StartsWith(ErrorCatalog.Invalid.Page.Title + ":", refused.Message);
        Assert.Contains(v1.Body["errors"]!["id"]![0]!.GetValue<string>(), refused.Message);
        Assert.DoesNotContain(await flows.ListAsync(Id), flow => flow.Name == "Invalid");
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_taken_id_is_refused_with_the_sentence_v1_answers_and_the_flow_keeps_its_draft()
    {
        await using var circuit = _writes.SignedIn("creator-2");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var id = FlowTestDefinitions.NewId();
        Assert.True((await flows.CreateAsync(Id, id, "First")).Succeeded);
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.CreateAsync(Id, id, "Second");
        var v1 = await FlowTestDefinitions.SendAsync(_writes.Api, HttpMethod.Post, Flows, await _writes.Api.TokenAsync(),
            new FlowDefinition { Id = id, Name = "Second", Start = "" });

        Assert.Equal((HttpStatusCode.Conflict, ErrorCatalog.Duplicate.Code), (v1.Status, v1.Code));
        Assert.Equal((DesignerFlowError.AlreadyExists, v1.Text("detail")), (refused.Error, refused.Message));
        Assert.Equal("First", (await flows.GetDraftAsync(Id, id))!.Definition.Name);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_created_flow_is_logged_once_as_the_v1_create_logs_it()
    {
        await using var circuit = _writes.SignedIn("creator-3");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var mark = await _writes.AuditMarkAsync();

        Assert.True((await flows.CreateAsync(Id, FlowTestDefinitions.NewId(), "From the designer")).Succeeded);
        var v1 = await FlowTestDefinitions.SendAsync(_writes.Api, HttpMethod.Post, Flows, await _writes.Api.TokenAsync(),
            FlowTestDefinitions.Shipped("username-password", FlowTestDefinitions.NewId()));

        Assert.Equal(HttpStatusCode.Created, v1.Status);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "creator-3");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("CreateFlow"), "creator-3");
    }

    [Fact]
    public async Task An_import_without_a_name_is_refused_with_the_catalogs_message_and_nothing_is_imported()
    {
        await using var circuit = _writes.SignedIn("importer-1");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var unnamed = FlowTestDefinitions.Shipped("username-password", FlowTestDefinitions.NewId());
        unnamed.Name = "";
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.ImportAsync(Id, unnamed);
        var v1 = await FlowTestDefinitions.SendAsync(_writes.Api, HttpMethod.Post, Flows + "/import", await _writes.Api.TokenAsync(), unnamed);

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCatalog.Invalid.Code), (v1.Status, v1.Code));
        Assert.Equal(DesignerFlowError.Invalid, refused.Error);
        Assert.StartsWith(ErrorCatalog.Invalid.Page.Title + ":", refused.Message);
        Assert.Contains(v1.Body["errors"]!["name"]![0]!.GetValue<string>(), refused.Message);
        Assert.DoesNotContain(await flows.ListAsync(Id), flow => flow.Id == unnamed.Id);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task An_imported_flow_is_logged_once_as_the_v1_import_logs_it()
    {
        await using var circuit = _writes.SignedIn("importer-2");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var mark = await _writes.AuditMarkAsync();

        Assert.True((await flows.ImportAsync(Id, FlowTestDefinitions.Shipped("password-then-otp", FlowTestDefinitions.NewId()))).Succeeded);
        var v1 = await FlowTestDefinitions.SendAsync(_writes.Api, HttpMethod.Post, Flows + "/import", await _writes.Api.TokenAsync(),
            FlowTestDefinitions.Shipped("password-then-otp", FlowTestDefinitions.NewId()));

        Assert.Equal(HttpStatusCode.Created, v1.Status);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "importer-2");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("ImportFlow"), "importer-2");
    }

    [Fact]
    public async Task A_clone_under_an_invalid_id_is_refused_with_the_catalogs_message_and_nothing_is_cloned()
    {
        await using var circuit = _writes.SignedIn("cloner-1");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var before = (await flows.ListAsync(Id)).Count;
        var mark = await _writes.AuditMarkAsync();

        var refused = await flows.CloneAsync(Id, "username-password", "Not an id!", null);
        var v1 = await _writes.Api.PostAsync($"{Flows}/username-password/clone", await _writes.Api.TokenAsync(), new { id = "Not an id!" });

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCatalog.Invalid.Code), (v1.Status, v1.Code));
        Assert.Equal(DesignerFlowError.Invalid, refused.Error);
        Assert.Equal($"{ErrorCatalog.Invalid.Page.Title}: {v1.Body["errors"]!["id"]![0]!.GetValue<string>()}.", refused.Message);
        Assert.Equal(before, (await flows.ListAsync(Id)).Count);
        Assert.Empty(await _writes.AuditSinceAsync(mark));
    }

    [Fact]
    public async Task A_cloned_flow_is_logged_once_as_the_v1_clone_logs_it()
    {
        await using var circuit = _writes.SignedIn("cloner-2");
        var flows = circuit.ServiceProvider.GetRequiredService<IDesignerFlows>();
        var mark = await _writes.AuditMarkAsync();

        Assert.True((await flows.CloneAsync(Id, "username-password", FlowTestDefinitions.NewId(), null)).Succeeded);
        var v1 = await _writes.Api.PostAsync($"{Flows}/username-password/clone", await _writes.Api.TokenAsync(), new { id = FlowTestDefinitions.NewId() });

        Assert.Equal(HttpStatusCode.Created, v1.Status);
        var (designer, api) = await _writes.OneEntryEachAsync(mark, "cloner-2");
        DesignerWrites.AssertSameChange(designer, api, _writes.V1Action("CloneFlow"), "cloner-2");
    }
}
