using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.SignOn;

/// <summary>
/// An authorization request the server cannot trust is answered with a page for the person, never with a
/// redirect (RFC 6749 §4.1.2.1: the redirect URI of an unknown client is not to be used).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuthorizeErrorPageTests(BrowserFixture browser, AuthServerFixture server)
{
    [Fact]
    public async Task An_authorize_request_for_an_unknown_client_shows_an_error_page_and_redirects_nowhere()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);
        // A redirect URI the environment does know: the server must not send the browser there either.
        var url = server.Url(QueryHelpers.AddQueryString(E2EEnvironment.AuthorizePath, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = "no-such-client",
            ["redirect_uri"] = server.Url(E2EEnvironment.TryItPath + "/callback"),
            ["scope"] = "openid",
            ["state"] = "state-that-must-not-come-back",
            ["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ["code_challenge_method"] = "S256",
        }));

        var response = await page.GotoAsync(url);

        Assert.NotNull(response);
        Assert.Equal(400, response.Status);
        Assert.Null(response.Request.RedirectedFrom);
        Assert.Equal(url, page.Url);
        await Expect(pages.EnvironmentName).ToHaveTextAsync(E2EEnvironment.Name);
        await Expect(pages.Heading).ToHaveTextAsync("This request cannot be completed");
        await Expect(pages.Alert).ToContainTextAsync("client_id");
        await Screenshots.SaveAsync(page, "error");
    }
}
