using System.Net;
using Flows.AuthServer.Management;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// <c>…/flows/{flowId}/draft</c>, <c>/validate</c> and <c>/publish</c>: drafts are saved under If-Match, the
/// validator's problems come back per node, and only a valid draft becomes a version.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowDraftApiTests(ManagementServerFixture server)
{
    private const string Flows = $"/v1/environments/{Id}/flows";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_draft_is_saved_only_under_its_current_etag()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        var definition = FlowTestDefinitions.Shipped("username-password", id);
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, definition);
        var read = await Api.GetAsync($"{Flows}/{id}/draft", token);

        definition.Name = "First edit";
        var saved = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition, ifMatch: read.ETag);
        definition.Name = "Second edit, from the old copy";
        var stale = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition, ifMatch: read.ETag);

        Assert.Equal((HttpStatusCode.OK, "First edit"), (saved.Status, saved.Text("name")));
        Assert.NotEqual(read.ETag, saved.ETag);
        Assert.Equal((HttpStatusCode.PreconditionFailed, ManagementProblems.PreconditionFailed), (stale.Status, stale.Code));
        var current = await Api.GetAsync($"{Flows}/{id}/draft", token);
        Assert.Equal(("First edit", saved.ETag), (current.Text("name"), current.ETag));
        Assert.Equal("First edit", (await Api.GetAsync($"{Flows}/{id}", token)).Text("name"));
    }

    [Fact]
    public async Task A_draft_may_be_incomplete_and_larger_than_other_bodies()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        var definition = FlowTestDefinitions.Shipped("username-password", id);
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, definition);
        definition.Description = new string('d', 200 * 1024);
        definition.Nodes.Add(new FlowNode { Id = "ask-otp", Type = "AskForOtp" });

        var saved = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition);
        definition.Description = new string('d', 1100 * 1024);
        var tooLarge = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition);

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidRequest), (tooLarge.Status, tooLarge.Code));
    }

    [Fact]
    public async Task A_draft_must_keep_the_id_of_its_flow()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, FlowTestDefinitions.Shipped("username-password", id));

        var response = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/{id}/draft", token, FlowTestDefinitions.Shipped("username-password", "another-id"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["id"], response.ErrorFields);
    }

    [Fact]
    public async Task A_discarded_draft_is_404_and_a_stale_etag_keeps_it()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        var definition = FlowTestDefinitions.Shipped("username-password", id);
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, definition);
        var first = await Api.GetAsync($"{Flows}/{id}/draft", token);
        definition.Name = "Edited";
        var edited = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition);

        var stale = await Api.DeleteAsync($"{Flows}/{id}/draft", token, ifMatch: first.ETag);
        var deleted = await Api.DeleteAsync($"{Flows}/{id}/draft", token, ifMatch: edited.ETag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), await StatusAsync($"{Flows}/{id}/draft", token));
        Assert.False((await Api.GetAsync($"{Flows}/{id}", token)).Body["hasDraft"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.DeleteAsync($"{Flows}/{id}/draft", token)).Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Api.DeleteAsync($"{Flows}/{id}/draft", token, ifMatch: edited.ETag)).Status);
    }

    [Fact]
    public async Task Validate_reports_the_drafts_problems_per_node()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, Broken(id));

        var response = await Api.SendAsync(HttpMethod.Post, $"{Flows}/{id}/validate", token);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False(response.Body["valid"]!.GetValue<bool>());
        Assert.Equal(["nodes.ask-otp", "nodes.lockedOut"], response.Body["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Contains(response.Body["problems"]!.AsArray(), p => p!["code"]!.GetValue<string>() == FlowValidationCodes.UnreachableNode
            && p["nodeId"]!.GetValue<string>() == "ask-otp");
        Assert.Contains(response.Body["problems"]!.AsArray(), p => p!["code"]!.GetValue<string>() == FlowValidationCodes.MissingProperty
            && p["property"]!.GetValue<string>() == "message");
    }

    [Fact]
    public async Task Validate_checks_a_posted_definition_instead_of_the_draft()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, Broken(id));

        var valid = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, $"{Flows}/{id}/validate", token, FlowTestDefinitions.Shipped("password-then-otp", id));
        var noDraft = await Api.SendAsync(HttpMethod.Post, $"{Flows}/username-password/validate", token);

        Assert.Equal(HttpStatusCode.OK, valid.Status);
        Assert.True(valid.Body["valid"]!.GetValue<bool>());
        Assert.Empty(valid.Body["errors"]!.AsObject());
        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (noDraft.Status, noDraft.Code));
    }

    [Fact]
    public async Task Publishing_an_invalid_draft_is_400_with_the_problems_per_node_and_keeps_the_draft()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, Broken(id));

        var response = await Api.PostAsync($"{Flows}/{id}/publish", token, new { note = "not yet" });

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (response.Status, response.Code));
        Assert.Equal(["nodes.ask-otp", "nodes.lockedOut"], response.ErrorFields.Order());
        Assert.All(response.Body["errors"]!["nodes.ask-otp"]!.AsArray(), message => Assert.Contains("'ask-otp'", message!.GetValue<string>()));
        Assert.NotEmpty(response.Body["problems"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync($"{Flows}/{id}/draft", token)).Status);
        Assert.Empty(FlowTestDefinitions.Items(await Api.GetAsync($"{Flows}/{id}/versions", token)));
    }

    [Fact]
    public async Task Publishing_a_valid_draft_makes_it_the_default_version_and_clears_the_draft()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, FlowTestDefinitions.Shipped("password-then-otp", id));
        var draft = await Api.GetAsync($"{Flows}/{id}/draft", token);

        var published = await Api.SendAsync(HttpMethod.Post, $"{Flows}/{id}/publish", token, """{ "note": "First release" }""", ifMatch: draft.ETag);

        Assert.Equal(HttpStatusCode.Created, published.Status);
        Assert.Equal($"{Flows}/{id}/versions/1", published.Location!.ToString());
        Assert.Equal((1, "First release", true),
            (published.Body["version"]!.GetValue<int>(), published.Text("note"), published.Body["isDefault"]!.GetValue<bool>()));
        var flow = await Api.GetAsync($"{Flows}/{id}", token);
        Assert.Equal((1, 1, false), (flow.Body["latestVersion"]!.GetValue<int>(), flow.Body["defaultVersion"]!.GetValue<int>(), flow.Body["hasDraft"]!.GetValue<bool>()));
        Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), await StatusAsync($"{Flows}/{id}/draft", token));
    }

    [Fact]
    public async Task Publishing_without_a_draft_is_409_and_with_a_stale_etag_412()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        var definition = FlowTestDefinitions.Shipped("username-password", id);
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, definition);
        var read = await Api.GetAsync($"{Flows}/{id}/draft", token);
        definition.Name = "Changed after reading";
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition);

        var stale = await Api.SendAsync(HttpMethod.Post, $"{Flows}/{id}/publish", token, ifMatch: read.ETag);
        var published = await Api.SendAsync(HttpMethod.Post, $"{Flows}/{id}/publish", token);
        var again = await Api.SendAsync(HttpMethod.Post, $"{Flows}/{id}/publish", token);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ManagementProblems.PreconditionFailed), (stale.Status, stale.Code));
        Assert.Equal((HttpStatusCode.Created, "Changed after reading"), (published.Status, published.Text("name")));
        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (again.Status, again.Code));
    }

    [Fact]
    public async Task A_publish_note_that_is_too_long_or_of_the_wrong_type_is_400()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, FlowTestDefinitions.Shipped("username-password", id));

        var tooLong = await Api.PostAsync($"{Flows}/{id}/publish", token, new { note = new string('n', 2000) });
        var wrongType = await Api.SendAsync(HttpMethod.Post, $"{Flows}/{id}/publish", token, """{ "note": 5 }""");

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Equal(["note"], tooLong.ErrorFields);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Equal(["note"], wrongType.ErrorFields);
    }

    /// <summary>The shipped username-password flow with a node nothing leads to and a Deny without its message.</summary>
    private static FlowDefinition Broken(string id)
    {
        var definition = FlowTestDefinitions.Shipped("username-password", id);
        definition.Nodes.Add(new FlowNode { Id = "ask-otp", Type = "AskForOtp", Name = "One-time password" });
        definition.FindNode("lockedOut")!.Properties.Remove("message");
        return definition;
    }

    private async Task<(HttpStatusCode, string?)> StatusAsync(string path, string token)
    {
        var response = await Api.GetAsync(path, token);
        return (response.Status, response.Code);
    }
}
