using System.Net;
using Flows.AuthServer.Management;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.Management;

/// <summary>PATCH /v1/environments/{env}/users/{id}: fields left out stay, null clears, If-Match guards against lost updates.</summary>
[Collection(ManagementCollection.Name)]
public sealed class UserUpdateApiTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task A_patch_changes_the_fields_it_names_and_answers_the_user_with_a_new_etag()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("up"));

        var patched = await _api.PatchAsync(user.Location!.ToString(), token, new
        {
            email = "new@test.example", groups = new[] { "staff" }, attributes = new Dictionary<string, string> { ["team"] = "blue" },
        });
        var read = await _api.GetAsync(user.Location.ToString(), token);

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("new@test.example", read.Text("email"));
        Assert.Equal(["staff"], read.Body["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("blue", read.Body["attributes"]!["team"]!.GetValue<string>());
        Assert.Equal(user.Text("username"), read.Text("username"));
        Assert.True(read.Body["enabled"]!.GetValue<bool>());
        Assert.Equal(patched.Body.ToJsonString(), read.Body.ToJsonString());
        Assert.Equal(read.ETag, patched.ETag);
        Assert.NotEqual(user.ETag, patched.ETag);
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_keeps_the_etag()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("same");
        var user = await CreateAsync(_api, token, username, new { username, name = "Same", groups = new[] { "staff" } });

        var patched = await _api.PatchAsync(user.Location!.ToString(), token, new { name = "Same", groups = new[] { "staff" }, enabled = true });

        Assert.Equal((HttpStatusCode.OK, user.ETag), (patched.Status, patched.ETag));
    }

    [Fact]
    public async Task Null_clears_email_and_name_while_fields_left_out_stay()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("nl");
        var user = await CreateAsync(_api, token, username, new { username, email = "keep@test.example", name = "Clear Me" });

        var patched = await _api.SendAsync(HttpMethod.Patch, user.Location!.ToString(), token, """{ "name": null }""");

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("keep@test.example", patched.Text("email"));
        Assert.Null(patched.Body["name"]);
    }

    [Fact]
    public async Task A_patch_with_the_current_etag_succeeds_and_one_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("et"));
        var first = await _api.PatchAsync(user.Location!.ToString(), token, new { name = "First" }, ifMatch: user.ETag);

        var stale = await _api.PatchAsync(user.Location.ToString(), token, new { name = "Second" }, ifMatch: user.ETag);
        var read = await _api.GetAsync(user.Location.ToString(), token);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal((HttpStatusCode.PreconditionFailed, ManagementProblems.PreconditionFailed), (stale.Status, stale.Code));
        Assert.Equal("First", read.Text("name"));
        Assert.Equal(first.ETag, read.ETag);
    }

    [Theory]
    [InlineData("""{ "username": "renamed" }""", "username")]
    [InlineData("""{ "password": "another-password-1" }""", "password")]
    [InlineData("""{ "enabled": "no" }""", "enabled")]
    [InlineData("""{ "groups": [""] }""", "groups")]
    [InlineData("""{ "groups": "staff" }""", "groups")]
    [InlineData("""{ "attributes": { " ": "x" } }""", "attributes")]
    [InlineData("""{ "attributes": { "a": null } }""", "attributes")]
    [InlineData("""{ "email": "EMAIL" }""", "email")]
    [InlineData("""{ "name": "NAME" }""", "name")]
    public async Task Unknown_fields_and_invalid_values_are_400_naming_the_field_and_change_nothing(string body, string field)
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("iv"));
        var tooLong = new string('x', 257);

        var response = await _api.SendAsync(HttpMethod.Patch, user.Location!.ToString(), token,
            body.Replace("EMAIL", tooLong, StringComparison.Ordinal).Replace("NAME", tooLong, StringComparison.Ordinal));
        var read = await _api.GetAsync(user.Location.ToString(), token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal([field], response.ErrorFields);
        Assert.Equal(user.ETag, read.ETag);
    }

    [Fact]
    public async Task A_merge_patch_body_is_accepted_as_json()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("mp"));

        var response = await _api.SendAsync(HttpMethod.Patch, user.Location!.ToString(), token, """{ "name": "Merged" }""", "application/merge-patch+json");

        Assert.Equal((HttpStatusCode.OK, "Merged"), (response.Status, response.Text("name")));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("ct"));

        var response = await _api.SendAsync(HttpMethod.Patch, user.Location!.ToString(), token, "name=x", "application/x-www-form-urlencoded");

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, ManagementProblems.UnsupportedMediaType), (response.Status, response.Code));
    }

    [Fact]
    public async Task Patching_an_unknown_user_or_environment_is_404()
    {
        var token = await _api.TokenAsync();

        var unknownUser = await _api.PatchAsync($"{UsersPath}/no-such-user", token, new { name = "x" });
        var unknownEnvironment = await _api.PatchAsync("/v1/environments/no-such-env/users/no-such-user", token, new { name = "x" });

        Assert.All([unknownUser, unknownEnvironment], response =>
            Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code)));
    }
}
