using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>The error responses of RFC 6749 §4.1.2.1/§5.2 and OIDC Core §3.1.2.6, each where it applies.</summary>
[Collection(ServerCollection.Name)]
public sealed class ProtocolErrorTests(ServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Theory]
    [InlineData("grant_type=urn:example:unknown", "unsupported_grant_type")]
    [InlineData("grant_type=authorization_code", "invalid_request")]
    [InlineData("grant_type=refresh_token", "invalid_request")]
    [InlineData("grant_type=client_credentials&scope=admin", "invalid_scope")]
    public async Task The_token_endpoint_answers_each_client_error_with_its_code(string form, string error)
    {
        var fields = form.Split('&').Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]);

        var (status, body) = await TokenRequests.PostAsync(_http, "/test/as/token", fields, ServiceClientId, ServiceSecret);

        Assert.Equal((HttpStatusCode.BadRequest, error), (status, body["error"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(body["error_description"]?.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_client_at_the_token_endpoint_is_invalid_client()
    {
        var (status, body) = await TokenRequests.PostAsync(_http, "/test/as/token",
            new() { ["grant_type"] = "client_credentials" }, "nobody", "nothing");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("code", "openid admin", "invalid_scope")]
    [InlineData("code token id_token", "openid", "unauthorized_client")]
    [InlineData("none_of_these", "openid", "unsupported_response_type")]
    [InlineData("code", "openid", "request_not_supported", "request", "eyJhbGciOiJub25lIn0.e30.")]
    public async Task An_invalid_authorization_request_is_explained_to_the_user_and_never_redirected(
        string responseType, string scope, string error, string? parameter = null, string? value = null)
    {
        // OpenIddict shows every error found while validating the request on the server's own page,
        // redirecting only decisions taken after validation (login_required, access_denied…).
        using var browser = new Browser(server.BaseAddress);
        var extra = parameter is null ? null : new Dictionary<string, string?> { [parameter] = value };

        using var response = await browser.GetAsync(
            SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New(), state: "keep", scope: scope, responseType: responseType, extra: extra));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains($"error: {error}", await response.Content.ReadAsStringAsync());
    }
}
