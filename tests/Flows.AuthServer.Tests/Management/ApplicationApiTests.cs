using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>POST, GET and list /v1/environments/{env}/applications: the importer's rules, a secret shown once.</summary>
[Collection(ManagementCollection.Name)]
public sealed class ApplicationApiTests(ManagementServerFixture server)
{
    private const string Applications = $"/v1/environments/{Id}/applications";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_confidential_application_is_created_with_a_generated_id_and_a_secret_shown_only_in_that_answer()
    {
        var token = await Api.TokenAsync();

        var created = await Api.PostAsync(Applications, token, WebApplication());
        var read = await Api.GetAsync(created.Location!.ToString(), token);
        var listed = await Api.GetAsync($"{Applications}?pageSize=500", token);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var clientId = created.Text("clientId");
        Assert.True(Guid.TryParse(clientId, out _));
        Assert.Equal($"{Applications}/{clientId}", created.Location.ToString());
        Assert.False(string.IsNullOrEmpty(created.Text("clientSecret")));
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Null(read.Body["clientSecret"]);
        var listedOne = listed.Body["items"]!.AsArray().Single(a => a!["clientId"]!.GetValue<string>() == clientId)!;
        Assert.Null(listedOne["clientSecret"]);
        created.Body.Remove("clientSecret");
        Assert.Equal(created.Body.ToJsonString(), read.Body.ToJsonString());
    }

    [Fact]
    public async Task An_application_reads_back_as_it_was_created()
    {
        var created = await Api.PostAsync(Applications, await Api.TokenAsync(), WebApplication());

        Assert.Equal(("Shop web", "confidential", "username-password"), (created.Text("name"), created.Text("type"), created.Text("flow")));
        Assert.Equal(["authorization_code", "refresh_token"], Strings(created.Body["grantTypes"]));
        Assert.Equal(["https://shop.test/callback"], Strings(created.Body["redirectUris"]));
        Assert.Equal(["https://shop.test/"], Strings(created.Body["postLogoutRedirectUris"]));
        Assert.Equal(["email", "offline_access", "openid", "profile"], Strings(created.Body["scopes"]).Order());
    }

    [Fact]
    public async Task The_generated_secret_authenticates_the_client()
    {
        var created = await Api.PostAsync(Applications, await Api.TokenAsync(), new
        {
            name = "Shop service", type = "confidential", grantTypes = new[] { "client_credentials" },
        });

        var (status, _) = await TokenRequests.PostAsync(_http, $"/{Id}/as/token",
            new() { ["grant_type"] = "client_credentials" }, created.Text("clientId"), created.Text("clientSecret"));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_public_application_gets_no_secret()
    {
        var created = await Api.PostAsync(Applications, await Api.TokenAsync(), WebApplication() with { Type = "public" });

        Assert.Equal((HttpStatusCode.Created, "public"), (created.Status, created.Text("type")));
        Assert.Null(created.Body["clientSecret"]);
    }

    public static TheoryData<string, Func<NewApplication, NewApplication>, string> SpoiltApplications() => new()
    {
        { "relative redirect", a => a with { RedirectUris = ["/callback"] }, "redirectUris" },
        { "redirect with fragment", a => a with { RedirectUris = ["https://shop.test/cb#x"] }, "redirectUris" },
        { "relative post-logout", a => a with { PostLogoutRedirectUris = ["signed-out"] }, "postLogoutRedirectUris" },
        { "code without redirect", a => a with { RedirectUris = [] }, "redirectUris" },
        { "unknown grant", a => a with { GrantTypes = ["password", "refresh_token"] }, "grantTypes" },
        { "no grant", a => a with { GrantTypes = [], Scopes = [] }, "grantTypes" },
        { "null grant", a => a with { GrantTypes = [null!, "refresh_token"] }, "grantTypes" },
        { "public client credentials", a => a with { Type = "public", GrantTypes = ["client_credentials", "refresh_token"] }, "grantTypes" },
        { "unknown scope", a => a with { Scopes = ["admin"] }, "scopes" },
        { "management scope outside admin", a => a with { Scopes = ["flows.write"] }, "scopes" },
        { "offline without refresh", a => a with { GrantTypes = ["authorization_code"] }, "scopes" },
        { "unknown flow", a => a with { Flow = "nope" }, "flow" },
        { "unknown type", a => a with { Type = "native" }, "type" },
        { "missing type", a => a with { Type = null }, "type" },
        { "long name", a => a with { Name = new string('n', 300) }, "name" },
    };

    [Theory]
    [MemberData(nameof(SpoiltApplications))]
    public async Task An_invalid_value_is_400_with_an_error_for_its_field(string spoilt, Func<NewApplication, NewApplication> spoil, string field)
    {
        var response = await Api.PostAsync(Applications, await Api.TokenAsync(), spoil(WebApplication()));

        Assert.True(response.Status == HttpStatusCode.BadRequest && response.Code == ManagementProblems.InvalidData,
            $"{spoilt}: {response.Status} {response.Body.ToJsonString()}");
        Assert.Equal([field], response.ErrorFields);
        Assert.All(response.Body["errors"]![field]!.AsArray(), message => Assert.False(string.IsNullOrWhiteSpace(message!.GetValue<string>())));
    }

    [Fact]
    public async Task A_client_secret_cannot_be_chosen_by_the_caller()
    {
        var response = await Api.SendAsync(HttpMethod.Post, Applications, await Api.TokenAsync(),
            """{ "name": "Chosen", "type": "confidential", "grantTypes": ["client_credentials"], "clientSecret": "mine" }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["clientSecret"], response.ErrorFields);
    }

    [Fact]
    public async Task The_admin_environment_may_have_applications_with_management_scopes()
    {
        var created = await Api.PostAsync("/v1/environments/admin/applications", await Api.TokenAsync(), new
        {
            name = "Read-only script", type = "confidential", grantTypes = new[] { "client_credentials" }, scopes = new[] { ManagementScopes.Read },
        });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal([ManagementScopes.Read], Strings(created.Body["scopes"]));
    }

    [Fact]
    public async Task The_list_shows_the_imported_applications_without_secrets()
    {
        var listed = await Api.GetAsync($"/v1/environments/{Other}/applications", await Api.TokenAsync());

        var items = listed.Body["items"]!.AsArray();
        var imported = items.Single(a => a!["clientId"]!.GetValue<string>() == WebClientId)!;
        Assert.Equal("Web in another environment", imported["name"]!.GetValue<string>());
        Assert.All(items, item => Assert.Null(item!["clientSecret"]));
        Assert.Null(listed.Body["next"]);
    }

    [Fact]
    public async Task The_list_pages_with_a_cursor()
    {
        var token = await Api.TokenAsync();

        var first = await Api.GetAsync($"{Applications}?pageSize=1", token);
        var second = await Api.GetAsync($"{Applications}?pageSize=1&after={first.Text("next")}", token);

        Assert.NotEqual(Values(first.Body["items"]!.AsArray().Select(a => a!["clientId"])), Values(second.Body["items"]!.AsArray().Select(a => a!["clientId"])));
    }

    [Fact]
    public async Task An_application_of_another_environment_is_404()
    {
        var otherOnly = await Api.PostAsync($"/v1/environments/{Other}/applications", await Api.TokenAsync(), WebApplication());

        var response = await Api.GetAsync($"{Applications}/{otherOnly.Text("clientId")}", await Api.TokenAsync());

        Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code));
    }

    [Fact]
    public async Task Applications_of_an_unknown_environment_are_404()
    {
        var token = await Api.TokenAsync();

        var list = await Api.GetAsync("/v1/environments/no-such-env/applications", token);
        var create = await Api.PostAsync("/v1/environments/no-such-env/applications", token, WebApplication());

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (list.Status, create.Status));
    }

    /// <summary>A valid confidential web application, as a script would send it.</summary>
    public static NewApplication WebApplication() => new(
        "Shop web", "confidential", ["authorization_code", "refresh_token"], ["https://shop.test/callback"], ["https://shop.test/"],
        ["openid", "profile", "email", "offline_access"], "username-password");

    private static List<string> Strings(JsonNode? array) => Values(array!.AsArray());

    private static List<string> Values(IEnumerable<JsonNode?> nodes) => nodes.Select(n => n!.GetValue<string>()).ToList();

    /// <summary>The documented body of a new application.</summary>
    public sealed record NewApplication(
        string? Name, string? Type, string[] GrantTypes, string[] RedirectUris, string[] PostLogoutRedirectUris, string[] Scopes, string? Flow);
}
