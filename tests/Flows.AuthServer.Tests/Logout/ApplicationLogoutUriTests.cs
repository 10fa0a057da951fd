using System.Net;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Management;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Logout;

/// <summary>
/// An application's logout addresses through <c>/v1</c> and the environment file format: absolute https URIs without a
/// fragment (http on the loopback host only), read back, changed, removed and exported.
/// </summary>
[Collection(LogoutCollection.Name)]
public sealed class ApplicationLogoutUriTests(LogoutServerFixture server)
{
    private const string Applications = $"/v1/environments/{Id}/applications";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Theory]
    [InlineData("backchannelLogoutUri", "http://rp.test/logout")]
    [InlineData("backchannelLogoutUri", "https://rp.test/logout#fragment")]
    [InlineData("backchannelLogoutUri", "/logout")]
    [InlineData("frontchannelLogoutUri", "http://rp.test/logout")]
    [InlineData("frontchannelLogoutUri", "javascript:alert(1)")]
    public async Task A_logout_address_that_is_not_https_or_has_a_fragment_is_400_for_its_field(string field, string uri)
    {
        var body = Application();
        body[field] = uri;

        var response = await Api.PostAsync(Applications, await Api.TokenAsync(), body);

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (response.Status, response.Code));
        Assert.Equal([field], response.ErrorFields);
    }

    [Fact]
    public async Task Logout_addresses_read_back_change_and_go_away()
    {
        var token = await Api.TokenAsync();
        var body = Application();
        body["backchannelLogoutUri"] = "http://127.0.0.1:8080/logout";
        body["backchannelLogoutSessionRequired"] = true;
        body["frontchannelLogoutUri"] = "https://rp.test/front?x=1";

        var created = await Api.PostAsync(Applications, token, body);
        var path = $"{Applications}/{created.Text("clientId")}";
        var patched = await Api.SendAsync(HttpMethod.Patch, path, token,
            """{ "backchannelLogoutUri": null, "frontchannelLogoutSessionRequired": true }""");
        var read = await Api.GetAsync(path, token);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(("http://127.0.0.1:8080/logout", true), (created.Text("backchannelLogoutUri"), created.Body["backchannelLogoutSessionRequired"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Null(read.Body["backchannelLogoutUri"]);
        Assert.Equal("https://rp.test/front?x=1", read.Text("frontchannelLogoutUri"));
        Assert.True(read.Body["frontchannelLogoutSessionRequired"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_exported_environment_carries_the_logout_addresses()
    {
        var token = await Api.TokenAsync();
        var body = Application();
        body["frontchannelLogoutUri"] = "https://exported.test/front";
        var created = await Api.PostAsync(Applications, token, body);

        var exported = await Api.GetAsync($"/v1/environments/{Id}/export", token);

        var application = exported.Body["applications"]!.AsArray().Single(a => a!["clientId"]!.GetValue<string>() == created.Text("clientId"))!;
        Assert.Equal("https://exported.test/front", application["frontchannelLogoutUri"]!.GetValue<string>());
    }

    private static Dictionary<string, object?> Application() => new()
    {
        ["name"] = "Logout addresses",
        ["type"] = "confidential",
        ["grantTypes"] = new[] { "authorization_code" },
        ["redirectUris"] = new[] { "https://rp.test/callback" },
        ["scopes"] = new[] { "openid" },
    };
}
