using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Management;
using Flows.Engine.Definitions;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// <c>/v1/environments/{env}/flows</c>: the list (shipped flows included), one flow, create, import, clone and
/// delete, with the shipped definitions from <c>workflows/</c> as bodies.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowDefinitionApiTests(ManagementServerFixture server)
{
    private const string Flows = $"/v1/environments/{Id}/flows";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_list_shows_the_shipped_flows_with_their_versions_default_and_bound_applications()
    {
        var listed = await Api.GetAsync($"{Flows}?pageSize=500", await Api.TokenAsync());

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var items = FlowTestDefinitions.Items(listed);
        var usernamePassword = items.Single(f => f["id"]!.GetValue<string>() == "username-password");
        Assert.True(usernamePassword["isEnvironmentDefault"]!.GetValue<bool>());
        Assert.Equal("Username and password", usernamePassword["name"]!.GetValue<string>());
        Assert.True(usernamePassword["latestVersion"]!.GetValue<int>() >= 1);
        Assert.NotNull(usernamePassword["defaultVersion"]);
        var passwordThenOtp = items.Single(f => f["id"]!.GetValue<string>() == "password-then-otp");
        Assert.False(passwordThenOtp["isEnvironmentDefault"]!.GetValue<bool>());
        var spa = passwordThenOtp["applications"]!.AsArray().Single()!;
        Assert.Equal((SpaClientId, "Single-page app"), (spa["clientId"]!.GetValue<string>(), spa["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_list_pages_by_id_with_a_cursor()
    {
        var token = await Api.TokenAsync();

        var first = await Api.GetAsync($"{Flows}?pageSize=1", token);
        var second = await Api.GetAsync($"{Flows}?pageSize=1&after={first.Text("next")}", token);
        var invalid = await Api.GetAsync($"{Flows}?pageSize=1&after=*", token);

        var (one, two) = (FlowTestDefinitions.Items(first).Single()["id"]!.GetValue<string>(), FlowTestDefinitions.Items(second).Single()["id"]!.GetValue<string>());
        Assert.True(string.CompareOrdinal(one, two) < 0, $"{one} then {two}");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(["after"], invalid.ErrorFields);
    }

    [Fact]
    public async Task A_created_flow_is_a_draft_with_its_location_and_etag()
    {
        var id = FlowTestDefinitions.NewId();

        var created = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, await Api.TokenAsync(), FlowTestDefinitions.Shipped("username-password", id));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"{Flows}/{id}", created.Location!.ToString());
        Assert.NotNull(created.ETag);
        Assert.True(created.Body["hasDraft"]!.GetValue<bool>());
        Assert.Null(created.Body["latestVersion"]);
        Assert.Null(created.Body["defaultVersion"]);
        var read = await Api.GetAsync(created.Location.ToString(), await Api.TokenAsync());
        Assert.Equal((HttpStatusCode.OK, created.ETag), (read.Status, read.ETag));
    }

    [Fact]
    public async Task Creating_a_flow_under_an_id_that_is_taken_is_409()
    {
        var token = await Api.TokenAsync();
        var id = FlowTestDefinitions.NewId();
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, FlowTestDefinitions.Shipped("username-password", id));

        var again = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, FlowTestDefinitions.Shipped("username-password", id));
        var shipped = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, FlowTestDefinitions.Shipped("password-then-otp"));

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.AlreadyExists), (again.Status, again.Code));
        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.AlreadyExists), (shipped.Status, shipped.Code));
    }

    [Theory]
    [InlineData("""{ "id": "x", "name": "X" }""", "definition")]
    [InlineData("""{ "id": "has space", "name": "X", "start": "a" }""", "id")]
    [InlineData("""{ "id": "no-name", "name": " ", "start": "a" }""", "name")]
    [InlineData("""{ "id": "bad-node", "name": "X", "start": "a", "nodes": [ { "id": "a" } ] }""", "definition")]
    [InlineData("""{ "id": "bad-edge", "name": "X", "start": "a", "edges": [ { "from": "a", "outcome": "success" } ] }""", "edges[0]")]
    [InlineData("""[ 1, 2 ]""", "definition")]
    [InlineData("""{ "id": "x", "name": "X", "start": "a", "nodes": { } }""", "definition")]
    [InlineData("""{ "id": "x", "name": "X", "start": "a" """, "definition")]
    [InlineData("""null""", "definition")]
    public async Task A_body_that_is_not_a_definition_is_400_naming_the_field(string json, string field)
    {
        var response = await Api.SendAsync(HttpMethod.Post, Flows, await Api.TokenAsync(), json);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{json}: {response.Status} {response.Body.ToJsonString()}");
        Assert.DoesNotContain("Flows.Engine", response.Body.ToJsonString());
        Assert.Equal(ManagementProblems.InvalidData, response.Code);
        Assert.Equal([field], response.ErrorFields);
    }

    [Fact]
    public async Task A_definition_without_a_required_field_is_400_naming_it()
    {
        var response = await Api.SendAsync(HttpMethod.Post, Flows, await Api.TokenAsync(), """{ "id": "x", "name": "X" }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("'start'", response.Body["errors"]!["definition"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_definition_that_is_not_json_is_415()
    {
        var response = await Api.SendAsync(HttpMethod.Post, Flows, await Api.TokenAsync(), "id: x", contentType: "text/plain");

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, ManagementProblems.UnsupportedMediaType), (response.Status, response.Code));
    }

    [Fact]
    public async Task Import_creates_the_flow_then_replaces_its_draft()
    {
        var token = await Api.TokenAsync();
        var definition = FlowTestDefinitions.Shipped("password-then-otp", FlowTestDefinitions.NewId());

        var created = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, $"{Flows}/import", token, definition);
        definition.Name = "Renamed on import";
        var replaced = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, $"{Flows}/import", token, definition);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal("Renamed on import", replaced.Text("name"));
        var draft = await Api.GetAsync($"{Flows}/{definition.Id}/draft", token);
        Assert.Equal("Renamed on import", draft.Text("name"));
    }

    [Fact]
    public async Task Clone_copies_the_default_version_into_a_new_draft()
    {
        var token = await Api.TokenAsync();
        var id = FlowTestDefinitions.NewId();

        var cloned = await Api.PostAsync($"{Flows}/password-then-otp/clone", token, new { id, name = "OTP for partners" });

        Assert.Equal(HttpStatusCode.Created, cloned.Status);
        Assert.Equal(($"{Flows}/{id}", "OTP for partners", true), (cloned.Location!.ToString(), cloned.Text("name"), cloned.Body["hasDraft"]!.GetValue<bool>()));
        var draft = await Api.GetAsync($"{Flows}/{id}/draft", token);
        Assert.Equal((id, 0), (draft.Text("id"), draft.Body["version"]!.GetValue<int>()));
        Assert.Equal(FlowTestDefinitions.Shipped("password-then-otp").Nodes.Count, draft.Body["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task Clone_refuses_a_taken_or_malformed_id_and_an_unknown_version()
    {
        var token = await Api.TokenAsync();

        var taken = await Api.PostAsync($"{Flows}/password-then-otp/clone", token, new { id = "username-password" });
        var malformed = await Api.PostAsync($"{Flows}/password-then-otp/clone", token, new { id = "not/an id" });
        var unknownVersion = await Api.PostAsync($"{Flows}/password-then-otp/clone", token, new { id = FlowTestDefinitions.NewId(), version = 99 });
        var unknownField = await Api.PostAsync($"{Flows}/password-then-otp/clone", token, new { id = FlowTestDefinitions.NewId(), color = "red" });

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.AlreadyExists), (taken.Status, taken.Code));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal(["id"], malformed.ErrorFields);
        Assert.Equal(HttpStatusCode.BadRequest, unknownVersion.Status);
        Assert.Equal(["version"], unknownVersion.ErrorFields);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.Status);
        Assert.Equal(["color"], unknownField.ErrorFields);
    }

    [Fact]
    public async Task A_deleted_flow_is_gone_from_the_list_and_its_id_stays_taken_once_published()
    {
        var token = await Api.TokenAsync();
        var id = FlowTestDefinitions.NewId();
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, FlowTestDefinitions.Shipped("username-password", id));
        await Api.PostAsync($"{Flows}/{id}/publish", token, new { note = "first" });

        var deleted = await Api.DeleteAsync($"{Flows}/{id}", token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"{Flows}/{id}", token)).Status);
        Assert.DoesNotContain(id, FlowTestDefinitions.Items(await Api.GetAsync($"{Flows}?pageSize=500", token)).Select(f => f["id"]!.GetValue<string>()));
        var recreated = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, FlowTestDefinitions.Shipped("username-password", id));
        Assert.Equal(HttpStatusCode.Conflict, recreated.Status);
    }

    [Fact]
    public async Task A_flow_in_use_cannot_be_deleted()
    {
        var token = await Api.TokenAsync();

        var environmentDefault = await Api.DeleteAsync($"{Flows}/username-password", token);
        var boundToSpa = await Api.DeleteAsync($"{Flows}/password-then-otp", token);

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (environmentDefault.Status, environmentDefault.Code));
        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (boundToSpa.Status, boundToSpa.Code));
        Assert.Contains($"'{SpaClientId}'", boundToSpa.Text("detail"));
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_is_412_and_with_the_current_one_succeeds()
    {
        var token = await Api.TokenAsync();
        var id = FlowTestDefinitions.NewId();
        var created = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, FlowTestDefinitions.Shipped("username-password", id));
        var definition = FlowTestDefinitions.Shipped("username-password", id);
        definition.Name = "Changed";
        await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition);

        var stale = await Api.DeleteAsync($"{Flows}/{id}", token, ifMatch: created.ETag);
        var current = await Api.GetAsync($"{Flows}/{id}", token);
        var deleted = await Api.DeleteAsync($"{Flows}/{id}", token, ifMatch: current.ETag);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ManagementProblems.PreconditionFailed), (stale.Status, stale.Code));
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
    }

    [Theory]
    [InlineData("/v1/environments/no-such-env/flows")]
    [InlineData("/v1/environments/no-such-env/flows/username-password")]
    [InlineData($"{Flows}/no-such-flow")]
    [InlineData($"{Flows}/no-such-flow/draft")]
    [InlineData($"{Flows}/no-such-flow/versions")]
    [InlineData($"{Flows}/no-such-flow/versions/1")]
    [InlineData($"{Flows}/username-password/versions/99")]
    [InlineData($"{Flows}/not%20an%20id")]
    public async Task What_does_not_exist_is_404(string path)
    {
        var response = await Api.GetAsync(path, await Api.TokenAsync());

        Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code));
    }

    [Fact]
    public async Task Writes_to_an_unknown_flow_are_404()
    {
        var token = await Api.TokenAsync();
        var missing = $"{Flows}/no-such-flow";

        var responses = new[]
        {
            await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{missing}/draft", token, FlowTestDefinitions.Shipped("username-password", "no-such-flow")),
            await Api.DeleteAsync($"{missing}/draft", token),
            await Api.DeleteAsync(missing, token),
            await Api.PostAsync($"{missing}/publish", token, new { note = "x" }),
            await Api.PostAsync($"{missing}/clone", token, new { id = FlowTestDefinitions.NewId() }),
            await Api.PutAsync($"{missing}/default", token, new { version = 1 }),
            await Api.SendAsync(HttpMethod.Post, $"{missing}/validate", token),
            await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, "/v1/environments/no-such-env/flows", token, FlowTestDefinitions.Shipped("username-password", "x")),
            await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, "/v1/environments/no-such-env/flows/import", token, FlowTestDefinitions.Shipped("username-password", "x")),
        };

        Assert.All(responses, response => Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code)));
    }

    [Fact]
    public async Task Every_flow_endpoint_needs_a_token()
    {
        var responses = new[]
        {
            await Api.GetAsync(Flows, token: null),
            await Api.GetAsync($"{Flows}/username-password", token: null),
            await Api.GetAsync($"{Flows}/username-password/versions", token: null),
            await Api.GetAsync("/v1/activities", token: null),
            await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, null, FlowTestDefinitions.Shipped("username-password", FlowTestDefinitions.NewId())),
            await Api.PostAsync($"{Flows}/username-password/publish", null, new { note = "x" }),
        };

        Assert.All(responses, response => Assert.Equal((HttpStatusCode.Unauthorized, ManagementProblems.Unauthorized), (response.Status, response.Code)));
    }

    [Fact]
    public async Task A_read_only_token_reads_flows_but_changes_nothing()
    {
        var token = await Api.TokenAsync(ManagementScopes.Read);
        var definition = FlowTestDefinitions.Shipped("username-password", FlowTestDefinitions.NewId());

        var read = await Api.GetAsync($"{Flows}/username-password", token);
        var writes = new[]
        {
            await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, definition),
            await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, $"{Flows}/import", token, definition),
            await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, $"{Flows}/username-password/draft", token, FlowTestDefinitions.Shipped("username-password")),
            await Api.DeleteAsync($"{Flows}/username-password/draft", token),
            await Api.DeleteAsync($"{Flows}/password-then-otp", token),
            await Api.PostAsync($"{Flows}/username-password/publish", token, new { note = "x" }),
            await Api.PostAsync($"{Flows}/username-password/clone", token, new { id = FlowTestDefinitions.NewId() }),
            await Api.PutAsync($"{Flows}/username-password/default", token, new { version = 1 }),
        };

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.All(writes, response => Assert.Equal((HttpStatusCode.Forbidden, ManagementProblems.InsufficientScope), (response.Status, response.Code)));
    }
}

/// <summary>Flow definitions for the flow API tests: the shipped ones from <c>workflows/</c>, by the production loader.</summary>
internal static class FlowTestDefinitions
{
    /// <summary>A shipped definition, under another id when given.</summary>
    public static FlowDefinition Shipped(string flowId, string? id = null)
    {
        var definition = FlowDefinitionLoader.LoadFile(Path.Combine(RepositoryPaths.Workflows, $"{flowId}.json"));
        definition.Id = id ?? definition.Id;
        return definition;
    }

    public static string NewId() => $"flow-{Guid.NewGuid():N}"[..20];

    /// <summary>Sends a definition as the engine's serializer writes it, as an exported file would be.</summary>
    public static Task<ManagementResponse> SendAsync(
        ManagementApi api, HttpMethod method, string path, string? token, FlowDefinition definition, string? ifMatch = null) =>
        api.SendAsync(method, path, token, FlowDefinitionSerializer.Serialize(definition), ifMatch: ifMatch);

    public static List<JsonObject> Items(ManagementResponse response) =>
        response.Body["items"]!.AsArray().Select(item => item!.AsObject()).ToList();
}
