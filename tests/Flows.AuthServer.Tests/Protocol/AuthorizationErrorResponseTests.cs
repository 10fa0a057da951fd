using System.Net;
using System.Text.RegularExpressions;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// Where an authorization error goes (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6, RFC 9207): once the client_id and the
/// redirect_uri are verified, back to the application with state and iss, in the request's response mode; an
/// unknown client or an unregistered, missing or malformed redirect URI only ever gets the error page.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class AuthorizationErrorResponseTests(ServerFixture server)
{
    public static TheoryData<string, string, string, string, string?> QueryErrors() => new()
    {
        // client, response_type, expected error, then a parameter to set (or, without a value, to leave out)
        { SpaClientId, "none_of_these", "unsupported_response_type", "scope", "openid" },
        { SpaClientId, "code", "invalid_request", "code_challenge", null },
        { SpaClientId, "code", "invalid_request", "code_challenge_method", "plain" },
        { SpaClientId, "code", "invalid_scope", "scope", "openid admin" },
        { SpaClientId, "code", "request_not_supported", "request", "eyJhbGciOiJub25lIn0.e30." },
        { SpaClientId, "code", "request_uri_not_supported", "request_uri", "urn:example:request" },
        { SpaClientId, "code", "invalid_request", "response_mode", "none_of_these" },
        { SpaClientId, "code", "invalid_request", "prompt", "none login" },
        { WebClientId, "code", "invalid_request", "state", new string('s', 4_096) },
        { WebClientId, "code", "invalid_request", "response_type", null },
    };

    [Theory]
    [MemberData(nameof(QueryErrors))]
    public async Task An_error_after_the_client_and_redirect_uri_are_verified_goes_back_to_the_application_in_the_query(
        string clientId, string responseType, string error, string parameter, string? value)
    {
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync(AuthorizeUrl(clientId, responseType, (parameter, value)));

        var answer = AssertRedirectedTo(response, RedirectOf(clientId), fragment: false);
        Assert.Equal(error, answer["error"]);
        Assert.Equal(parameter == "state" ? value : "keep", answer["state"]);
        Assert.Equal(Issuer(server.BaseAddress), answer["iss"]);
        Assert.False(string.IsNullOrEmpty(answer["error_description"]));
        AssertNoSessionStarted(response);
    }

    [Theory]
    [InlineData(SpaClientId, "code token", "unauthorized_client", "scope", "openid")]
    [InlineData(SpaClientId, "id_token", "unauthorized_client", "scope", "openid")]
    [InlineData(WebClientId, "id_token", "invalid_request", "nonce", null)]
    [InlineData(WebClientId, "token", "invalid_request", "response_mode", "query")]
    [InlineData(SpaClientId, "code", "invalid_request", "code_challenge", null, "response_mode", "fragment")]
    public async Task An_error_for_a_response_that_would_carry_tokens_or_that_asks_for_the_fragment_goes_back_in_the_fragment(
        string clientId, string responseType, string error, string parameter, string? value, string parameter2 = "scope", string? value2 = "openid")
    {
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync(AuthorizeUrl(clientId, responseType, (parameter, value), (parameter2, value2)));

        var answer = AssertRedirectedTo(response, RedirectOf(clientId), fragment: true);
        Assert.Equal((error, "keep", Issuer(server.BaseAddress)), (answer["error"], answer["state"], answer["iss"]));
        AssertNoSessionStarted(response);
    }

    [Fact]
    public async Task An_error_with_the_form_post_response_mode_is_posted_back_to_the_application()
    {
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync(AuthorizeUrl(SpaClientId, "code", ("code_challenge", null), ("response_mode", "form_post")));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($"<form[^>]*method=\"post\"[^>]*action=\"{Regex.Escape(SpaRedirect)}\"", page);
        var fields = FormField().Matches(page).ToDictionary(field => field.Groups["name"].Value, field => WebUtility.HtmlDecode(field.Groups["value"].Value));
        Assert.Equal(("invalid_request", "keep", Issuer(server.BaseAddress)), (fields["error"], fields["state"], fields["iss"]));
        AssertNoSessionStarted(response);
    }

    [Fact]
    public async Task A_posted_authorization_request_in_error_goes_back_to_the_application_too()
    {
        using var browser = new Browser(server.BaseAddress);
        var form = new Dictionary<string, string>
        {
            ["response_type"] = "none_of_these", ["client_id"] = SpaClientId, ["redirect_uri"] = SpaRedirect,
            ["scope"] = "openid", ["state"] = "keep",
        };

        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/{Id}/as/authorize") { Content = new FormUrlEncodedContent(form) });

        var answer = AssertRedirectedTo(response, SpaRedirect, fragment: false);
        Assert.Equal(("unsupported_response_type", "keep"), (answer["error"], answer["state"]));
    }

    public static TheoryData<string, string?> UnverifiedClients() => new()
    {
        // client_id, redirect_uri: each request also has an unsupported response type, which alone would be redirected
        { "nobody", SpaRedirect },
        { "", SpaRedirect },
        { SpaClientId, "https://evil.test/callback" },
        { SpaClientId, SpaRedirect + "/more" },
        { SpaClientId, "/relative/callback" },
        { SpaClientId, "https://spa.test/callback#fragment" },
        { SpaClientId, null },
        { WebClientId, SpaRedirect },
        { ServiceClientId, SpaRedirect },
    };

    [Theory]
    [MemberData(nameof(UnverifiedClients))]
    public async Task An_unknown_client_or_an_unregistered_or_missing_redirect_uri_gets_the_error_page_and_no_redirect(string clientId, string? redirectUri)
    {
        using var browser = new Browser(server.BaseAddress);
        var url = $"/{Id}/as/authorize?response_type=none_of_these&scope=openid&state=keep&client_id={Uri.EscapeDataString(clientId)}"
            + (redirectUri is null ? "" : $"&redirect_uri={Uri.EscapeDataString(redirectUri)}");

        using var response = await browser.GetAsync(url);

        AssertErrorPage(response);
        Assert.DoesNotContain("https://evil.test", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_is_verified_in_the_environment_the_request_is_for()
    {
        using var browser = new Browser(server.BaseAddress);

        // The other environment has a "web" client with the same redirect URI, and no "spa".
        using var web = await browser.GetAsync(AuthorizeUrl(WebClientId, "none_of_these", Other));
        using var spa = await browser.GetAsync(AuthorizeUrl(SpaClientId, "none_of_these", Other));

        var answer = AssertRedirectedTo(web, WebRedirect, fragment: false);
        Assert.Equal(("unsupported_response_type", Issuer(server.BaseAddress, Other)), (answer["error"], answer["iss"]));
        AssertErrorPage(spa);
    }

    [Fact]
    public async Task A_resume_of_no_known_flow_gets_the_error_page_whatever_client_it_names()
    {
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync(
            $"/{Id}/as/resume?flowId=unknown&client_id={SpaClientId}&redirect_uri={Uri.EscapeDataString(SpaRedirect)}&state=keep&response_type=code");

        AssertErrorPage(response);
    }

    [Theory]
    [InlineData("https://evil.test/signed-out")]
    [InlineData("/relative")]
    [InlineData("https://app.test/signed-out#fragment")]
    public async Task A_sign_off_to_an_unregistered_address_is_refused_on_a_page_and_never_redirected(string postLogoutRedirectUri)
    {
        // RP-Initiated Logout 1.0 §3: no post-logout redirection when validation fails.
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync($"/{Id}/as/signoff?client_id={WebClientId}&post_logout_redirect_uri={Uri.EscapeDataString(postLogoutRedirectUri)}&state=bye");

        AssertErrorPage(response);
    }

    private static string RedirectOf(string clientId) => clientId == WebClientId ? WebRedirect : SpaRedirect;

    /// <summary>
    /// A request of the client for openid with state "keep", a nonce and (for a code) a PKCE challenge, with the given
    /// parameters set, or left out when their value is null.
    /// </summary>
    private static string AuthorizeUrl(string clientId, string responseType, params (string Name, string? Value)[] changes) =>
        AuthorizeUrl(clientId, responseType, Id, changes);

    private static string AuthorizeUrl(string clientId, string responseType, string environment, params (string Name, string? Value)[] changes)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = responseType,
            ["client_id"] = clientId,
            ["redirect_uri"] = RedirectOf(clientId),
            ["scope"] = "openid",
            ["state"] = "keep",
            ["nonce"] = "nonce-1",
        };
        if (responseType.Contains("code", StringComparison.Ordinal))
        {
            query["code_challenge"] = Pkce.New().Challenge;
            query["code_challenge_method"] = "S256";
        }

        foreach (var (name, value) in changes)
        {
            query[name] = value;
        }

        return QueryHelpers.AddQueryString($"/{environment}/as/authorize", query.Where(parameter => parameter.Value is not null));
    }

    private static Dictionary<string, string> AssertRedirectedTo(HttpResponseMessage response, string redirectUri, bool fragment)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(redirectUri, location.GetLeftPart(UriPartial.Path));
        Assert.Equal(fragment, location.Fragment.Length > 0);
        Assert.Equal(fragment, location.Query.Length == 0);
        return SignIn.Parameters(location, fragment);
    }

    private static void AssertErrorPage(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
    }

    private static void AssertNoSessionStarted(HttpResponseMessage response) =>
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(cookie => cookie.StartsWith("ST=", StringComparison.Ordinal)));

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex FormField();
}
