using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// The user schema, agreements and the maximum password age in /v1 and the environment file: stored, checked (400
/// with the problem of each field), user attributes written through /v1 checked against the schema, and all three
/// carried by an export into a new environment.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class SelfServiceManagementTests(ManagementServerFixture server) : IDisposable
{
    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_user_schema_is_stored_and_read_back()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "schema");
        var path = $"/v1/environments/{environment.Id}/userSchema";

        var before = await Api.GetAsync(path, environment.Token);
        var put = await Api.PutAsync(path, environment.Token, new { attributes = new object[] { new { name = "birthdate", type = "date", required = true, displayName = "Date of birth" } } });
        var after = await Api.GetAsync(path, environment.Token);

        Assert.Empty(before.Body["attributes"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, put.Status);
        var attribute = Assert.Single(after.Body["attributes"]!.AsArray())!;
        Assert.Equal(("birthdate", "date", true, "Date of birth"),
            (attribute["name"]!.GetValue<string>(), attribute["type"]!.GetValue<string>(), attribute["required"]!.GetValue<bool>(), attribute["displayName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_schema_with_an_unknown_type_a_bad_format_or_a_name_twice_is_refused_per_field()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "badschema");

        var refused = await Api.PutAsync($"/v1/environments/{environment.Id}/userSchema", environment.Token, new
        {
            attributes = new object[] { new { name = "a", type = "colour" }, new { name = "b", format = "([" }, new { name = "B" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["attributes.a", "attributes.b", "attributes.B"], refused.ErrorFields);
    }

    [Fact]
    public async Task User_attributes_written_through_v1_are_checked_against_the_schema()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "attrcheck");
        await Api.PutAsync($"/v1/environments/{environment.Id}/userSchema", environment.Token,
            new { attributes = new object[] { new { name = "birthdate", type = "date" }, new { name = "newsletter", type = "boolean" } } });
        var user = $"/v1/environments/{environment.Id}/users/{environment.UserId}";

        var refused = await Api.PatchAsync(user, environment.Token, new { attributes = new { birthdate = "yesterday", newsletter = "true" } });
        var created = await Api.PostAsync($"/v1/environments/{environment.Id}/users", environment.Token,
            new { username = "fred", password = "fred-password-1", attributes = new { newsletter = "maybe" } });
        var accepted = await Api.PatchAsync(user, environment.Token, new { attributes = new { birthdate = "1990-12-31", other = "free text" } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["attributes.birthdate"], refused.ErrorFields);
        Assert.Equal(HttpStatusCode.BadRequest, created.Status);
        Assert.Equal(["attributes.newsletter"], created.ErrorFields);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
    }

    [Fact]
    public async Task Agreements_keep_every_version_and_refuse_a_version_without_the_default_language()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "agreements");
        var agreements = $"/v1/environments/{environment.Id}/agreements";

        var created = await Api.PostAsync(agreements, environment.Token, new { id = "privacy", name = "Privacy", defaultLanguage = "en", texts = new Dictionary<string, string> { ["en"] = "v1" } });
        var twice = await Api.PostAsync(agreements, environment.Token, new { id = "privacy", name = "Privacy", defaultLanguage = "en" });
        var withoutDefault = await Api.PostAsync($"{agreements}/privacy/versions", environment.Token, new { texts = new Dictionary<string, string> { ["de"] = "v2" } });
        var second = await Api.PostAsync($"{agreements}/privacy/versions", environment.Token, new { texts = new Dictionary<string, string> { ["en"] = "v2", ["de"] = "v2 de" } });
        var renamed = await Api.PatchAsync($"{agreements}/privacy", environment.Token, new { name = "Privacy notice" });
        var listed = await Api.GetAsync(agreements, environment.Token);
        var deleted = await Api.DeleteAsync($"{agreements}/privacy", environment.Token);
        var gone = await Api.GetAsync($"{agreements}/privacy", environment.Token);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Equal(HttpStatusCode.BadRequest, withoutDefault.Status);
        Assert.Equal(2, second.Body["currentVersion"]!.GetValue<int>());
        Assert.Equal("Privacy notice", renamed.Body["name"]!.GetValue<string>());
        var versions = Assert.Single(listed.Body["items"]!.AsArray())!["versions"]!.AsArray();
        Assert.Equal(["v1", "v2"], versions.Select(version => version!["texts"]!["en"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
    }

    [Fact]
    public async Task The_maximum_password_age_is_a_setting_of_the_environment_and_refused_out_of_range()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "maxage");
        var path = $"/v1/environments/{environment.Id}";

        var set = await Api.PatchAsync(path, environment.Token, new { maxPasswordAgeDays = 90 });
        var refused = await Api.PatchAsync(path, environment.Token, new { maxPasswordAgeDays = -1 });
        var off = await Api.PatchAsync(path, environment.Token, new { maxPasswordAgeDays = 0 });

        Assert.Equal(90, set.Body["maxPasswordAgeDays"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Null(off.Body["maxPasswordAgeDays"]);
    }

    [Fact]
    public async Task An_export_carries_the_schema_the_agreements_and_the_password_age_into_a_new_environment()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "export");
        await Api.PutAsync($"/v1/environments/{environment.Id}/userSchema", environment.Token,
            new { attributes = new object[] { new { name = "zip", format = "[0-9]{4}" } } });
        await Api.PostAsync($"/v1/environments/{environment.Id}/agreements", environment.Token,
            new { id = "terms", name = "Terms", defaultLanguage = "en", texts = new Dictionary<string, string> { ["en"] = "Be nice." } });
        await Api.PatchAsync($"/v1/environments/{environment.Id}", environment.Token, new { maxPasswordAgeDays = 30 });

        var exported = await Api.GetAsync($"/v1/environments/{environment.Id}/export", environment.Token);
        var file = exported.Body.DeepClone().AsObject();
        var copy = $"{environment.Id[..20]}-cp";
        file["id"] = copy;
        var imported = await Api.PostAsync("/v1/environments/import", environment.Token, file);
        var schema = await Api.GetAsync($"/v1/environments/{copy}/userSchema", environment.Token);
        var agreement = await Api.GetAsync($"/v1/environments/{copy}/agreements/terms", environment.Token);
        var settings = await Api.GetAsync($"/v1/environments/{copy}", environment.Token);

        Assert.Equal(HttpStatusCode.Created, imported.Status);
        Assert.Equal("[0-9]{4}", schema.Body["attributes"]![0]!["format"]!.GetValue<string>());
        Assert.Equal("Be nice.", agreement.Body["versions"]![0]!["texts"]!["en"]!.GetValue<string>());
        Assert.Equal(30, settings.Body["maxPasswordAgeDays"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_import_file_with_a_user_value_the_schema_refuses_is_refused()
    {
        var token = await Api.TokenAsync();
        var id = $"badimport-{Guid.NewGuid():N}"[..24];

        var refused = await Api.PostAsync("/v1/environments/import", token, new JsonObject
        {
            ["id"] = id,
            ["name"] = "bad",
            ["defaultFlow"] = "username-password",
            ["userSchema"] = new JsonArray(new JsonObject { ["name"] = "birthdate", ["type"] = "date" }),
            ["users"] = new JsonArray(new JsonObject { ["username"] = "ann", ["attributes"] = new JsonObject { ["birthdate"] = "soon" } }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("users[0].attributes.birthdate", refused.ErrorFields);
    }

    public void Dispose() => _http.Dispose();
}
