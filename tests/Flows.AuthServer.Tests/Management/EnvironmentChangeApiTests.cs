using System.Net;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Management;

/// <summary>PATCH and DELETE /v1/environments/{env}: ETags, the admin environment kept, everything of a deleted one gone.</summary>
[Collection(ManagementCollection.Name)]
public sealed class EnvironmentChangeApiTests(ManagementServerFixture server)
{
    private const string Environments = "/v1/environments";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_patch_with_the_current_etag_renames_and_rebinds_and_the_next_read_shows_it()
    {
        var token = await Api.TokenAsync();
        await CreateAsync(token, "patched-env");
        var read = await Api.GetAsync($"{Environments}/patched-env", token);

        var patched = await Api.PatchAsync($"{Environments}/patched-env", token, new { name = "Renamed", defaultFlow = "password-then-otp" }, read.ETag);
        var reread = await Api.GetAsync($"{Environments}/patched-env", token);

        Assert.False(string.IsNullOrEmpty(read.ETag));
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(("Renamed", "password-then-otp"), (reread.Text("name"), reread.Text("defaultFlow")));
        Assert.Equal(patched.Body.ToJsonString(), reread.Body.ToJsonString());
        Assert.Equal(patched.ETag, reread.ETag);
        Assert.NotEqual(read.ETag, reread.ETag);
    }

    [Fact]
    public async Task A_patch_leaves_what_it_does_not_name()
    {
        var token = await Api.TokenAsync();
        await CreateAsync(token, "half-patched-env");

        var patched = await Api.PatchAsync($"{Environments}/half-patched-env", token, new { name = "Only the name" });

        Assert.Equal((HttpStatusCode.OK, "Only the name", "username-password"), (patched.Status, patched.Text("name"), patched.Text("defaultFlow")));
    }

    [Fact]
    public async Task A_patch_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var token = await Api.TokenAsync();
        await CreateAsync(token, "contended-env");
        var stale = (await Api.GetAsync($"{Environments}/contended-env", token)).ETag;
        Assert.Equal(HttpStatusCode.OK, (await Api.PatchAsync($"{Environments}/contended-env", token, new { name = "First" }, stale)).Status);

        var second = await Api.PatchAsync($"{Environments}/contended-env", token, new { name = "Second" }, stale);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ManagementProblems.PreconditionFailed), (second.Status, second.Code));
        Assert.Equal("First", (await Api.GetAsync($"{Environments}/contended-env", token)).Text("name"));
    }

    [Theory]
    [InlineData("""{ "defaultFlow": "not-published" }""", "defaultFlow")]
    [InlineData("""{ "name": "" }""", "name")]
    [InlineData("""{ "id": "renamed" }""", "id")]
    [InlineData("""{ "name": 7 }""", "name")]
    public async Task An_invalid_patch_is_400_with_a_field_error(string body, string field)
    {
        var token = await Api.TokenAsync();

        var response = await Api.SendAsync(HttpMethod.Patch, $"{Environments}/{TestEnvironment.Other}", token, body);

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (response.Status, response.Code));
        Assert.Equal([field], response.ErrorFields);
    }

    [Fact]
    public async Task Changes_of_an_unknown_environment_are_404()
    {
        var token = await Api.TokenAsync();

        var patch = await Api.PatchAsync($"{Environments}/no-such-env", token, new { name = "X" });
        var delete = await Api.DeleteAsync($"{Environments}/no-such-env", token);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (patch.Status, delete.Status));
    }

    [Fact]
    public async Task Changes_need_a_token_with_the_write_scope()
    {
        var readOnly = await Api.TokenAsync(ManagementScopes.Read);

        var anonymousPatch = await Api.PatchAsync($"{Environments}/{TestEnvironment.Other}", null, new { name = "X" });
        var anonymousDelete = await Api.DeleteAsync($"{Environments}/{TestEnvironment.Other}", null);
        var readOnlyPatch = await Api.PatchAsync($"{Environments}/{TestEnvironment.Other}", readOnly, new { name = "X" });
        var readOnlyDelete = await Api.DeleteAsync($"{Environments}/{TestEnvironment.Other}", readOnly);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (anonymousPatch.Status, anonymousDelete.Status));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (readOnlyPatch.Status, readOnlyDelete.Status));
    }

    [Fact]
    public async Task The_admin_environment_cannot_be_deleted()
    {
        var response = await Api.DeleteAsync($"{Environments}/admin", await Api.TokenAsync());

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (response.Status, response.Code));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/admin/as/.well-known/openid-configuration")).StatusCode);
    }

    [Fact]
    public async Task A_delete_with_a_stale_etag_is_412_and_keeps_the_environment()
    {
        var token = await Api.TokenAsync();
        await CreateAsync(token, "kept-env");
        var stale = (await Api.GetAsync($"{Environments}/kept-env", token)).ETag;
        await Api.PatchAsync($"{Environments}/kept-env", token, new { name = "Changed meanwhile" });

        var response = await Api.DeleteAsync($"{Environments}/kept-env", token, stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync($"{Environments}/kept-env", token)).Status);
    }

    [Fact]
    public async Task A_deleted_environment_leaves_nothing_behind_and_its_issuer_answers_404()
    {
        var token = await Api.TokenAsync();
        var imported = await Api.PostAsync($"{Environments}/import", token, new
        {
            id = "doomed-env", name = "Doomed", defaultFlow = "username-password",
            applications = new object[]
            {
                new { clientId = "doomed-web", type = "confidential", grantTypes = new[] { "authorization_code", "client_credentials" },
                    redirectUris = new[] { "https://doomed.test/cb" }, scopes = new[] { "openid" } },
            },
            users = new object[] { new { username = "doomed-user", password = "doomed-password-1" } },
        });
        Assert.Equal(HttpStatusCode.Created, imported.Status);
        var secret = imported.Body["applications"]![0]!["clientSecret"]!.GetValue<string>();
        string flowId;
        using (var browser = new Browser(server.BaseAddress))
        {
            // A session, a flow instance and its journal in the environment.
            var flowUrl = await SignIn.StartAsync(browser,
                SignIn.AuthorizeUrl("doomed-web", "https://doomed.test/cb", Pkce.New(), scope: "openid", environment: "doomed-env"), "doomed-env");
            flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        }

        var before = await CountRowsAsync("doomed-env");
        var etag = (await Api.GetAsync($"{Environments}/doomed-env", token)).ETag;
        var deleted = await Api.DeleteAsync($"{Environments}/doomed-env", token, etag);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"{Environments}/doomed-env", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/doomed-env/as/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/doomed-env/as/jwks")).StatusCode);
        var (tokenStatus, _) = await TokenRequests.PostAsync(_http, "/doomed-env/as/token", new() { ["grant_type"] = "client_credentials" }, "doomed-web", secret);
        Assert.Equal(HttpStatusCode.NotFound, tokenStatus);
        Assert.True(before >= 9, $"{before} rows before the deletion");
        Assert.Equal(0, await CountRowsAsync("doomed-env", flowId));
    }

    [Fact]
    public async Task An_environment_created_again_under_a_deleted_id_starts_afresh()
    {
        var token = await Api.TokenAsync();
        await CreateAsync(token, "reborn-env");
        var oldKeys = await (await _http.GetAsync("/reborn-env/as/jwks")).Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Api.DeleteAsync($"{Environments}/reborn-env", token)).Status);

        await CreateAsync(token, "reborn-env");
        using var jwks = await _http.GetAsync("/reborn-env/as/jwks");

        Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
        Assert.NotEqual(oldKeys, await jwks.Content.ReadAsStringAsync());
        var log = await Api.GetAsync("/v1/auditEntries?environment=reborn-env", token);
        Assert.Equal(["environment.deleted"], log.Body["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_openapi_document_describes_every_environment_and_application_operation()
    {
        using var response = await _http.GetAsync("/v1/openapi.json");
        var document = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => operation.Value!))
            .Where(operation => operation["operationId"] is not null)
            .ToDictionary(operation => operation["operationId"]!.GetValue<string>(), operation => operation);

        string[] expected =
        [
            "ListEnvironments", "GetEnvironment", "CreateEnvironment", "UpdateEnvironment", "DeleteEnvironment", "ExportEnvironment",
            "ImportEnvironment", "ListApplications", "GetApplication", "CreateApplication", "UpdateApplication", "DeleteApplication",
            "RotateApplicationSecret",
        ];
        Assert.All(expected, id =>
        {
            Assert.True(operations.ContainsKey(id), $"{id} is missing");
            Assert.False(string.IsNullOrEmpty(operations[id]["summary"]?.GetValue<string>()), $"{id} has no summary");
            Assert.True(operations[id]["responses"]!.AsObject().Count >= 2, $"{id} documents no problem");
        });
    }

    private async Task CreateAsync(string token, string id)
    {
        var created = await Api.PostAsync(Environments, token, new { id, name = id });
        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    /// <summary>Every row that names the environment, in the server's and the engine's tables.</summary>
    private async Task<int> CountRowsAsync(string env, string? flowId = null)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var count = await db.Environments.CountAsync(e => e.Id == env)
            + await db.Applications.CountAsync(a => a.EnvironmentId == env)
            + await db.Set<FlowsToken>().CountAsync(t => t.Application!.EnvironmentId == env)
            + await db.Set<FlowsAuthorization>().CountAsync(a => a.Application!.EnvironmentId == env)
            + await db.Users.CountAsync(u => u.EnvironmentId == env)
            + await db.Sessions.CountAsync(s => s.EnvironmentId == env)
            + await db.SigningKeys.CountAsync(k => k.EnvironmentId == env)
            + await db.ManagedFlows.CountAsync(f => f.EnvironmentId == env);
        await using var engine = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<FlowsDbContext>>().CreateDbContextAsync();
        return count
            + await engine.Instances.CountAsync(i => i.EnvironmentId == env)
            + await engine.Definitions.CountAsync(d => d.EnvironmentId == env)
            + await engine.Journal.CountAsync(e => e.InstanceId == flowId);
    }
}
