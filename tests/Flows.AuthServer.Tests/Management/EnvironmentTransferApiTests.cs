using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;

namespace Flows.AuthServer.Tests.Management;

/// <summary>GET /v1/environments/{env}/export and POST /v1/environments/import: a round trip without a secret in the file.</summary>
[Collection(ManagementCollection.Name)]
public sealed class EnvironmentTransferApiTests(ManagementServerFixture server)
{
    private const string Import = "/v1/environments/import";

    private const string ChosenSecret = "chosen-secret-for-transfer-tests";
    private const string ChosenPassword = "chosen-password-for-transfer-tests";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task An_import_answers_201_with_the_generated_secrets_once_and_they_work()
    {
        var token = await Api.TokenAsync();

        var imported = await Api.PostAsync(Import, token, File("imported-env"));

        Assert.Equal(HttpStatusCode.Created, imported.Status);
        Assert.Equal("/v1/environments/imported-env", imported.Location!.ToString());
        Assert.Equal("imported-env", imported.Body["environment"]!["id"]!.GetValue<string>());
        var applications = imported.Body["applications"]!.AsArray();
        Assert.Null(Find(applications, "clientId", "transfer-web")["clientSecret"]);
        Assert.Null(Find(applications, "clientId", "transfer-spa")["clientSecret"]);
        var generated = Find(applications, "clientId", "transfer-service")["clientSecret"]!.GetValue<string>();
        var users = imported.Body["users"]!.AsArray();
        Assert.Null(Find(users, "username", "chosen")["password"]);
        Assert.False(string.IsNullOrEmpty(Find(users, "username", "generated")["password"]?.GetValue<string>()));
        Assert.StartsWith("otpauth://", Find(users, "username", "generated")["totpUri"]!.GetValue<string>());
        var (status, _) = await TokenRequests.PostAsync(_http, "/imported-env/as/token",
            new() { ["grant_type"] = "client_credentials" }, "transfer-service", generated);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task An_export_holds_no_secret_and_marks_enrolled_users_for_a_new_key()
    {
        var token = await Api.TokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Import, token, File("secretless-env"))).Status);

        var exported = await Api.GetAsync("/v1/environments/secretless-env/export", token);

        Assert.Equal((HttpStatusCode.OK, "application/json"), (exported.Status, exported.ContentType));
        var text = exported.Body.ToJsonString();
        Assert.DoesNotContain(ChosenSecret, text);
        Assert.DoesNotContain(ChosenPassword, text);
        Assert.All(exported.Body["applications"]!.AsArray(), application => Assert.False(application!.AsObject().ContainsKey("clientSecret")));
        Assert.All(exported.Body["users"]!.AsArray(), user => Assert.False(user!.AsObject().ContainsKey("password")));
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("generate", Find(exported.Body["users"]!.AsArray(), "username", "generated")["totpSecret"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_export_imported_under_a_new_id_exports_the_same()
    {
        var token = await Api.TokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Import, token, File("original-env"))).Status);
        var original = await Api.GetAsync("/v1/environments/original-env/export", token);

        var copy = original.Body.DeepClone().AsObject();
        copy["id"] = "copied-env";
        var imported = await Api.SendAsync(HttpMethod.Post, Import, token, copy.ToJsonString());
        var exported = await Api.GetAsync("/v1/environments/copied-env/export", token);

        Assert.Equal(HttpStatusCode.Created, imported.Status);
        Assert.Equal(copy.ToJsonString(), exported.Body.ToJsonString());
        Assert.Equal(3, exported.Body["applications"]!.AsArray().Count);
        Assert.Equal(2, exported.Body["users"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_export_of_an_unknown_environment_is_404_and_it_needs_a_token()
    {
        var token = await Api.TokenAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/v1/environments/no-such-env/export", token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync($"/v1/environments/{TestEnvironment.Id}/export", null)).Status);
    }

    [Fact]
    public async Task An_existing_id_is_409()
    {
        var response = await Api.PostAsync(Import, await Api.TokenAsync(), File(TestEnvironment.Id));

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.AlreadyExists), (response.Status, response.Code));
    }

    [Fact]
    public async Task Every_problem_of_a_file_is_400_under_the_path_of_its_value_and_nothing_is_created()
    {
        var file = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(File("spoilt-env"), System.Text.Json.JsonSerializerOptions.Web))!.AsObject();
        file["applications"]![0]!["redirectUris"] = new JsonArray("/relative");
        file["users"]![1]!["username"] = "CHOSEN";
        file["defaultFlow"] = "nope";

        var response = await Api.SendAsync(HttpMethod.Post, Import, await Api.TokenAsync(), file.ToJsonString());

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (response.Status, response.Code));
        Assert.Equal(["applications[0].redirectUris", "defaultFlow", "users[1].username"], response.ErrorFields.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/v1/environments/spoilt-env", await Api.TokenAsync())).Status);
    }

    [Fact]
    public async Task An_import_needs_json_and_a_token_with_the_write_scope()
    {
        var anonymous = await Api.PostAsync(Import, null, File("anonymous-env"));
        var readOnly = await Api.PostAsync(Import, await Api.TokenAsync(ManagementScopes.Read), File("read-only-env"));
        var form = await Api.SendAsync(HttpMethod.Post, Import, await Api.TokenAsync(), "id=x", "application/x-www-form-urlencoded");
        var unknownField = await Api.SendAsync(HttpMethod.Post, Import, await Api.TokenAsync(),
            """{ "id": "typo-env", "name": "Typo", "defaultFlow": "username-password", "aplications": [] }""");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.Status);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.Status);
        Assert.Equal(["aplications"], unknownField.ErrorFields);
    }

    /// <summary>An environment file with a chosen and a generated client secret, password and authenticator key.</summary>
    private static object File(string id) => new
    {
        id,
        name = $"Transfer {id}",
        defaultFlow = "username-password",
        applications = new object[]
        {
            new
            {
                clientId = "transfer-web", clientSecret = ChosenSecret, name = "Web", type = "confidential",
                grantTypes = new[] { "authorization_code", "refresh_token" }, redirectUris = new[] { "https://transfer.test/cb" },
                postLogoutRedirectUris = new[] { "https://transfer.test/" }, scopes = new[] { "openid", "profile", "offline_access" },
                flow = "password-then-otp",
            },
            new
            {
                clientId = "transfer-spa", name = "SPA", type = "public", grantTypes = new[] { "authorization_code" },
                redirectUris = new[] { "https://spa.transfer.test/cb" }, scopes = new[] { "openid", "email" },
            },
            new { clientId = "transfer-service", name = "Service", type = "confidential", grantTypes = new[] { "client_credentials" } },
        },
        users = new object[]
        {
            new
            {
                username = "chosen", password = ChosenPassword, email = "chosen@transfer.test", name = "Chosen",
                groups = new[] { "staff" }, attributes = new Dictionary<string, string> { ["department"] = "sales" }, mustChangePassword = true,
            },
            new { username = "generated", totpSecret = "generate", enabled = false },
        },
    };

    private static JsonNode Find(JsonArray items, string key, string value) =>
        items.Single(item => item![key]!.GetValue<string>() == value)!;
}
