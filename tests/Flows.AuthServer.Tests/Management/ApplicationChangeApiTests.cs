using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.AuthServer.Management;
using Flows.AuthServer.Management.Admin;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>PATCH and DELETE /v1/environments/{env}/applications/{clientId}: effective at once, ETags, the admin client kept.</summary>
[Collection(ManagementCollection.Name)]
public sealed class ApplicationChangeApiTests(ManagementServerFixture server)
{
    private const string Applications = $"/v1/environments/{Id}/applications";
    private const string Kept = "https://shop.test/callback";
    private const string Removed = "https://shop.test/removed";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_patch_with_the_current_etag_changes_what_it_names_and_leaves_the_rest()
    {
        var token = await Api.TokenAsync();
        var (path, _) = await CreateAsync(token);
        var read = await Api.GetAsync(path, token);

        var patched = await Api.PatchAsync(path, token, new { name = "Renamed", scopes = new[] { "openid", "email" }, grantTypes = new[] { "authorization_code" } }, read.ETag);
        var reread = await Api.GetAsync(path, token);

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(("Renamed", "confidential"), (reread.Text("name"), reread.Text("type")));
        Assert.Equal(["authorization_code"], Strings(reread.Body["grantTypes"]));
        Assert.Equal(["email", "openid"], Strings(reread.Body["scopes"]).Order());
        Assert.Equal([Kept, Removed], Strings(reread.Body["redirectUris"]).Order());
        Assert.Equal(patched.Body.ToJsonString(), reread.Body.ToJsonString());
        Assert.Equal(patched.ETag, reread.ETag);
        Assert.NotEqual(read.ETag, reread.ETag);
    }

    [Fact]
    public async Task A_redirect_uri_removed_by_a_patch_is_refused_by_authorize_right_after()
    {
        var token = await Api.TokenAsync();
        var (path, _) = await CreateAsync(token);
        var clientId = path[(path.LastIndexOf('/') + 1)..];
        using var browser = new Browser(server.BaseAddress);
        await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(clientId, Removed, Pkce.New()));

        var patched = await Api.PatchAsync(path, token, new { redirectUris = new[] { Kept } });
        using var refused = await browser.GetAsync(SignIn.AuthorizeUrl(clientId, Removed, Pkce.New()));

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
        Assert.Contains("redirect_uri", await refused.Content.ReadAsStringAsync());
        await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(clientId, Kept, Pkce.New()));
    }

    [Fact]
    public async Task A_flow_binding_can_pin_a_published_version_and_be_removed()
    {
        var token = await Api.TokenAsync();
        var (path, _) = await CreateAsync(token);

        var pinned = await Api.PatchAsync(path, token, new { flow = "password-then-otp", flowVersion = 1 });
        var unbound = await Api.PatchAsync(path, token, new { flow = (string?)null });

        Assert.Equal((HttpStatusCode.OK, "password-then-otp", 1), (pinned.Status, pinned.Text("flow"), pinned.Body["flowVersion"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.OK, unbound.Status);
        Assert.Null(unbound.Body["flow"]);
        Assert.Null(unbound.Body["flowVersion"]);
    }

    public static TheoryData<string, string> SpoiltPatches() => new()
    {
        { """{ "type": "public" }""", "type" },
        { """{ "redirectUris": ["/callback"] }""", "redirectUris" },
        { """{ "redirectUris": ["https://shop.test/cb#x"] }""", "redirectUris" },
        { """{ "postLogoutRedirectUris": ["signed-out"] }""", "postLogoutRedirectUris" },
        { """{ "redirectUris": [] }""", "redirectUris" },
        { """{ "grantTypes": ["password"], "scopes": [] }""", "grantTypes" },
        { """{ "scopes": ["flows.write"] }""", "scopes" },
        { """{ "flow": "nope" }""", "flow" },
        { """{ "flowVersion": 99 }""", "flowVersion" },
        { """{ "flow": "username-password", "flowVersion": 99 }""", "flowVersion" },
        { """{ "clientId": "another" }""", "clientId" },
        { """{ "flowVersion": "one" }""", "flowVersion" },
    };

    [Theory]
    [MemberData(nameof(SpoiltPatches))]
    public async Task An_invalid_patch_is_400_with_an_error_for_its_field_and_changes_nothing(string body, string field)
    {
        var token = await Api.TokenAsync();
        var (path, _) = await CreateAsync(token, flow: null);
        var before = await Api.GetAsync(path, token);

        var response = await Api.SendAsync(HttpMethod.Patch, path, token, body);

        Assert.True(response.Status == HttpStatusCode.BadRequest && response.Code == ManagementProblems.InvalidData,
            $"{body}: {response.Status} {response.Body.ToJsonString()}");
        Assert.Equal([field], response.ErrorFields);
        Assert.Equal(before.ETag, (await Api.GetAsync(path, token)).ETag);
    }

    [Fact]
    public async Task Repeating_the_current_type_is_no_change()
    {
        var token = await Api.TokenAsync();
        var (path, _) = await CreateAsync(token);

        var response = await Api.PatchAsync(path, token, new { type = "confidential", name = "Same type" });

        Assert.Equal((HttpStatusCode.OK, "Same type"), (response.Status, response.Text("name")));
    }

    [Fact]
    public async Task Changes_with_a_stale_etag_are_412()
    {
        var token = await Api.TokenAsync();
        var (path, _) = await CreateAsync(token);
        var stale = (await Api.GetAsync(path, token)).ETag;
        Assert.Equal(HttpStatusCode.OK, (await Api.PatchAsync(path, token, new { name = "First" }, stale)).Status);

        var patch = await Api.PatchAsync(path, token, new { name = "Second" }, stale);
        var delete = await Api.DeleteAsync(path, token, stale);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ManagementProblems.PreconditionFailed), (patch.Status, patch.Code));
        Assert.Equal(HttpStatusCode.PreconditionFailed, delete.Status);
        Assert.Equal("First", (await Api.GetAsync(path, token)).Text("name"));
    }

    [Fact]
    public async Task A_deleted_application_is_gone_with_its_tokens_and_its_client_is_refused()
    {
        var token = await Api.TokenAsync();
        var (path, secret) = await CreateAsync(token, flow: null);
        var created = await Api.GetAsync(path, token);
        var clientId = created.Text("clientId");
        var pkce = Pkce.New();
        using var browser = new Browser(server.BaseAddress);
        var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(clientId, Kept, pkce), Bob, BobPassword);
        var (redeemed, tokens) = await TokenRequests.RedeemCodeAsync(_http, SignIn.Parameters(redirect)["code"], Kept, pkce.Verifier, clientId, secret);
        Assert.Equal(HttpStatusCode.OK, redeemed);
        Assert.True(await CountTokensAsync(clientId) > 0);

        var deleted = await Api.DeleteAsync(path, token, created.ETag);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(path, token)).Status);
        Assert.Equal(0, await CountTokensAsync(clientId));
        var (refreshed, _) = await TokenRequests.RefreshAsync(_http, tokens["refresh_token"]!.GetValue<string>(), clientId, secret);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed);
    }

    [Fact]
    public async Task The_bootstrap_admin_client_cannot_be_deleted()
    {
        var response = await Api.DeleteAsync("/v1/environments/admin/applications/flows-admin", await Api.TokenAsync());

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (response.Status, response.Code));
        Assert.False(string.IsNullOrEmpty(await Api.TokenAsync()));
    }

    [Fact]
    public async Task The_bootstrap_admin_client_keeps_its_management_access_but_may_be_renamed()
    {
        var token = await Api.TokenAsync();
        const string path = "/v1/environments/admin/applications/flows-admin";

        var withoutWrite = await Api.PatchAsync(path, token, new { scopes = new[] { ManagementScopes.Read } });
        var renamed = await Api.PatchAsync(path, token, new { name = "Scripts" });
        await Api.PatchAsync(path, token, new { name = AdminBootstrapper.ClientName });

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (withoutWrite.Status, withoutWrite.Code));
        Assert.Equal((HttpStatusCode.OK, "Scripts"), (renamed.Status, renamed.Text("name")));
        Assert.False(string.IsNullOrEmpty(await Api.TokenAsync(ManagementScopes.Write)));
    }

    [Fact]
    public async Task Changes_of_unknown_applications_and_environments_are_404()
    {
        var token = await Api.TokenAsync();

        var patch = await Api.PatchAsync($"{Applications}/no-such-client", token, new { name = "X" });
        var delete = await Api.DeleteAsync($"{Applications}/no-such-client", token);
        var otherEnvironment = await Api.PatchAsync($"/v1/environments/{Other}/applications/spa", token, new { name = "X" });
        var noEnvironment = await Api.DeleteAsync("/v1/environments/no-such-env/applications/web", token);

        Assert.All([patch, delete, otherEnvironment, noEnvironment], r => Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (r.Status, r.Code)));
    }

    [Fact]
    public async Task Changes_need_a_token_with_the_write_scope()
    {
        var token = await Api.TokenAsync();
        var (path, _) = await CreateAsync(token);
        var readOnly = await Api.TokenAsync(ManagementScopes.Read);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.PatchAsync(path, null, new { name = "X" })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.DeleteAsync(path, null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.PatchAsync(path, readOnly, new { name = "X" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.DeleteAsync(path, readOnly)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(path, readOnly)).Status);
    }

    /// <summary>A confidential web application of the test environment with two redirect URIs: its path and secret.</summary>
    private async Task<(string Path, string Secret)> CreateAsync(string token, string? flow = "username-password")
    {
        var created = await Api.PostAsync(Applications, token, ApplicationApiTests.WebApplication() with
        {
            RedirectUris = [Kept, Removed], Flow = flow,
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (created.Location!.ToString(), created.Text("clientSecret"));
    }

    private async Task<int> CountTokensAsync(string clientId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Set<FlowsToken>()
            .CountAsync(t => t.Application!.ClientId == clientId && t.Application.EnvironmentId == Id);
    }

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
