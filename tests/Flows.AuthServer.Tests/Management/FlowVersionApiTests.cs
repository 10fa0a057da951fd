using System.Net;
using Flows.AuthServer.Management;
using Flows.Engine.Definitions;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// <c>…/flows/{flowId}/versions</c> and <c>/default</c>: the history newest first, a version exported as the
/// definition JSON (which imports unchanged), and the default moved back to an earlier version.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowVersionApiTests(ManagementServerFixture server)
{
    private const string Flows = $"/v1/environments/{Id}/flows";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task Versions_are_listed_newest_first_with_their_notes_and_the_default()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await PublishTwoVersionsAsync(token, id);

        var listed = await Api.GetAsync($"{Flows}/{id}/versions", token);

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var items = FlowTestDefinitions.Items(listed);
        Assert.Equal([2, 1], items.Select(v => v["version"]!.GetValue<int>()));
        Assert.Equal(["Second", "First"], items.Select(v => v["note"]!.GetValue<string>()));
        Assert.Equal(["Version two", "Username and password"], items.Select(v => v["name"]!.GetValue<string>()));
        Assert.Equal([true, false], items.Select(v => v["isDefault"]!.GetValue<bool>()));
        Assert.All(items, v => Assert.True(v["publishedAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public async Task An_exported_version_is_the_definition_and_imports_unchanged()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await PublishTwoVersionsAsync(token, id);

        var exported = await Api.GetAsync($"{Flows}/{id}/versions/1", token);
        var copyId = FlowTestDefinitions.NewId();
        var json = exported.Body.ToJsonString().Replace($"\"{id}\"", $"\"{copyId}\"", StringComparison.Ordinal);
        var imported = await Api.SendAsync(HttpMethod.Post, $"{Flows}/import", token, json);
        var published = await Api.SendAsync(HttpMethod.Post, $"{Flows}/{copyId}/publish", token);

        Assert.Equal(HttpStatusCode.OK, exported.Status);
        Assert.NotNull(exported.ETag);
        Assert.Equal((id, 1, "Username and password"), (exported.Text("id"), exported.Body["version"]!.GetValue<int>(), exported.Text("name")));
        var shipped = FlowTestDefinitions.Shipped("username-password");
        Assert.Equal(shipped.Nodes.Select(n => n.Id), exported.Body["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Created, imported.Status);
        Assert.Equal(HttpStatusCode.Created, published.Status);
        var original = FlowDefinitionSerializer.Deserialize(exported.Body.ToJsonString());
        var copy = FlowDefinitionSerializer.Deserialize((await Api.GetAsync($"{Flows}/{copyId}/versions/1", token)).Body.ToJsonString());
        copy.Id = original.Id;
        Assert.Equal(FlowDefinitionSerializer.Serialize(original), FlowDefinitionSerializer.Serialize(copy));
    }

    [Fact]
    public async Task Rolling_back_makes_an_earlier_version_the_default()
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await PublishTwoVersionsAsync(token, id);
        var flow = await Api.GetAsync($"{Flows}/{id}", token);

        var rolledBack = await Api.PutAsync($"{Flows}/{id}/default", token, new { version = 1 }, ifMatch: flow.ETag);

        Assert.Equal(HttpStatusCode.OK, rolledBack.Status);
        Assert.Equal((1, 2), (rolledBack.Body["defaultVersion"]!.GetValue<int>(), rolledBack.Body["latestVersion"]!.GetValue<int>()));
        Assert.NotEqual(flow.ETag, rolledBack.ETag);
        var versions = FlowTestDefinitions.Items(await Api.GetAsync($"{Flows}/{id}/versions", token));
        Assert.Equal([false, true], versions.Select(v => v["isDefault"]!.GetValue<bool>()));
        var stale = await Api.PutAsync($"{Flows}/{id}/default", token, new { version = 2 }, ifMatch: flow.ETag);
        Assert.Equal((HttpStatusCode.PreconditionFailed, ManagementProblems.PreconditionFailed), (stale.Status, stale.Code));
    }

    [Theory]
    [InlineData("""{ "version": 7 }""")]
    [InlineData("""{ "version": "latest" }""")]
    [InlineData("""{ "version": null }""")]
    public async Task A_default_that_is_no_published_version_is_400(string body)
    {
        var (token, id) = (await Api.TokenAsync(), FlowTestDefinitions.NewId());
        await PublishTwoVersionsAsync(token, id);

        var response = await Api.SendAsync(HttpMethod.Put, $"{Flows}/{id}/default", token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["version"], response.ErrorFields);
    }

    private async Task PublishTwoVersionsAsync(string token, string id)
    {
        var definition = FlowTestDefinitions.Shipped("username-password", id);
        Assert.Equal(HttpStatusCode.Created, (await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, definition)).Status);
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync($"{Flows}/{id}/publish", token, new { note = "First" })).Status);
        definition.Name = "Version two";
        Assert.Equal(HttpStatusCode.OK, (await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition)).Status);
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync($"{Flows}/{id}/publish", token, new { note = "Second" })).Status);
    }
}
