using System.Net;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>POST and GET /v1/environments/{env}/users and PUT …/password: the importer's rules, never a secret in an answer.</summary>
[Collection(ManagementCollection.Name)]
public sealed class UserApiTests(ManagementServerFixture server)
{
    private const string Users = $"/v1/environments/{Id}/users";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_user_is_created_with_201_its_id_and_location_and_no_password_in_any_answer()
    {
        var token = await Api.TokenAsync();

        var created = await Api.PostAsync(Users, token, new { username = "frank", email = "frank@test.example", name = "Frank", password = "frank-password-1" });
        var read = await Api.GetAsync(created.Location!.ToString(), token);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"{Users}/{created.Text("id")}", created.Location.ToString());
        Assert.Equal(("frank", "frank@test.example", "Frank"), (created.Text("username"), created.Text("email"), created.Text("name")));
        Assert.True(created.Body["enabled"]!.GetValue<bool>());
        Assert.Equal(created.Body.ToJsonString(), read.Body.ToJsonString());
        Assert.DoesNotContain("frank-password-1", read.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(read.Body["password"]);
        Assert.Null(read.Body["passwordHash"]);
    }

    [Fact]
    public async Task A_user_is_created_with_groups_attributes_and_state_and_read_with_the_same_etag()
    {
        var token = await Api.TokenAsync();

        var created = await Api.PostAsync(Users, token, new
        {
            username = "nina", enabled = false, mustChangePassword = true,
            groups = new[] { "staff", "admins", "staff" }, attributes = new Dictionary<string, string> { ["department"] = "sales" },
        });
        var read = await Api.GetAsync(created.Location!.ToString(), token);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(["staff", "admins"], read.Body["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("sales", read.Body["attributes"]!["department"]!.GetValue<string>());
        Assert.False(read.Body["enabled"]!.GetValue<bool>());
        Assert.True(read.Body["mustChangePassword"]!.GetValue<bool>());
        Assert.Null(read.Body["lockedUntil"]);
        Assert.NotNull(read.ETag);
        Assert.Equal(created.ETag, read.ETag);
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_log_under_its_action_name()
    {
        var token = await Api.TokenAsync();
        var user = await Api.PostAsync(Users, token, new { username = $"olga-{Guid.NewGuid():N}"[..10] });
        var location = user.Location!.ToString();
        await Api.PatchAsync(location, token, new { name = "Olga" });
        await Api.PutAsync($"{location}/password", token, new { newPassword = "olga-password-1" });
        await Api.PostAsync($"{location}/unlock", token, new { });
        await Api.PostAsync($"{location}/mfaDevices/totp", token, new { });
        await Api.DeleteAsync($"{location}/mfaDevices/totp", token);
        await Api.DeleteAsync(location, token);

        var log = await Api.GetAsync($"/v1/environments/{Id}/auditEntries?pageSize=500", token);

        var actions = log.Body["items"]!.AsArray()
            .Where(e => e!["path"]!.GetValue<string>().StartsWith(location, StringComparison.Ordinal))
            .Select(e => e!["action"]!.GetValue<string>())
            .Reverse();
        Assert.Equal(
            ["user.updated", "user.password.set", "user.unlocked", "user.mfaDevice.created", "user.mfaDevice.deleted", "user.deleted"],
            actions);
    }

    [Fact]
    public async Task A_created_user_signs_in_with_the_password_it_was_given()
    {
        await Api.PostAsync(Users, await Api.TokenAsync(), new { username = "grace", password = "grace-password-1" });
        using var browser = new Browser(server.BaseAddress);

        var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), "grace", "grace-password-1");

        Assert.Contains("code", SignIn.Parameters(redirect).Keys);
    }

    [Fact]
    public async Task A_username_taken_in_any_case_is_409()
    {
        var response = await Api.PostAsync(Users, await Api.TokenAsync(), new { username = "ALICE", password = "another-password-1" });

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.AlreadyExists), (response.Status, response.Code));
    }

    [Theory]
    [InlineData("""{ "username": "heidi", "password": "short" }""", "password")]
    [InlineData("""{ "username": "ivan", "password": "ivan" }""", "password")]
    [InlineData("""{ "email": "nobody@test.example" }""", "username")]
    [InlineData("""{ "username": "   " }""", "username")]
    [InlineData("""{ "username": "judy", "totpSecret": "generate" }""", "totpSecret")]
    [InlineData("""{ "username": "judy", "groups": ["staff", " "] }""", "groups")]
    [InlineData("""{ "username": "judy", "attributes": { "": "x" } }""", "attributes")]
    [InlineData("""{ "username": "judy", "enabled": "yes" }""", "enabled")]
    public async Task Invalid_values_are_400_with_an_error_for_their_field(string body, string field)
    {
        var response = await Api.SendAsync(HttpMethod.Post, Users, await Api.TokenAsync(), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal([field], response.ErrorFields);
    }

    [Fact]
    public async Task Setting_a_password_answers_204_and_only_the_new_password_signs_in()
    {
        var token = await Api.TokenAsync();
        var user = await Api.PostAsync(Users, token, new { username = "kim", password = "kim-password-1" });

        var set = await Api.PutAsync($"{user.Location}/password", token, new { newPassword = "kim-password-2" });

        Assert.Equal(HttpStatusCode.NoContent, set.Status);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var (_, refused) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword("kim", "kim-password-1"));
        Assert.Equal("INVALID_CREDENTIALS", refused["error"]!["code"]!.GetValue<string>());
        await SignIn.CompleteAsync(browser, flowUrl, "kim", "kim-password-2");
    }

    [Theory]
    [InlineData("""{ "newPassword": "short" }""")]
    [InlineData("""{ "newPassword": "LEO" }""")]
    [InlineData("""{ }""")]
    public async Task A_password_the_policy_refuses_is_400_naming_newPassword(string body)
    {
        var token = await Api.TokenAsync();
        var user = await Api.PostAsync(Users, token, new { username = $"leo-{Guid.NewGuid():N}"[..10] });

        var response = await Api.SendAsync(HttpMethod.Put, $"{user.Location}/password", token, body.Replace("LEO", user.Text("username")));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["newPassword"], response.ErrorFields);
    }

    [Fact]
    public async Task Unknown_users_and_users_of_another_environment_are_404()
    {
        var token = await Api.TokenAsync();
        var elsewhere = await Api.PostAsync($"/v1/environments/{Other}/users", token, new { username = "mallory" });

        var unknown = await Api.GetAsync($"{Users}/no-such-user", token);
        var otherEnvironment = await Api.GetAsync($"{Users}/{elsewhere.Text("id")}", token);
        var password = await Api.PutAsync($"{Users}/{elsewhere.Text("id")}/password", token, new { newPassword = "mallory-password-1" });
        var unknownEnvironment = await Api.PostAsync("/v1/environments/no-such-env/users", token, new { username = "nobody" });

        Assert.All([unknown, otherEnvironment, password, unknownEnvironment], response =>
            Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code)));
    }
}
