using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// Implicit and hybrid responses only for applications whose definition lists the implicit grant: the
/// <c>spa</c> application is code only, <c>web</c> lists <c>implicit</c>.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ResponseTypePermissionTests(ServerFixture server)
{
    [Theory]
    [InlineData("id_token token")]
    [InlineData("id_token")]
    [InlineData("token")]
    [InlineData("code id_token")]
    [InlineData("code token")]
    public async Task A_code_only_application_asking_for_tokens_from_the_authorization_endpoint_is_refused(string responseType)
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = responseType.Contains("code", StringComparison.Ordinal) ? Pkce.New() : null;

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, pkce, responseType: responseType));

        // The client and its redirect URI are verified: the refusal goes back to it (RFC 6749 §4.1.2.1), in the
        // fragment, the default response mode of a response type that names a token.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(SpaRedirect + "#", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("unauthorized_client", SignIn.Parameters(response.Headers.Location!, fragment: true)["error"]);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task An_application_that_lists_the_implicit_grant_gets_id_token_token_from_its_flow()
    {
        using var browser = new Browser(server.BaseAddress);

        var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce: null, responseType: "id_token token"), Bob, BobPassword);

        var answer = SignIn.Parameters(redirect, fragment: true);
        Assert.True(answer.ContainsKey("id_token"));
        Assert.True(answer.ContainsKey("access_token"));
    }
}
