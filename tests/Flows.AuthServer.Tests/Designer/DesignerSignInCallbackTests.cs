using System.Net;
using Flows.AuthServer.Tests.Hosting;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The designer's OpenID callback given an answer that completes no sign-in — none at all, a forged state, an error, a
/// post — shows a page that leads back to the designer, with a 400: it is the caller's error, not the server's.
/// </summary>
public sealed class DesignerSignInCallbackTests(DesignerServerFixture server) : IClassFixture<DesignerServerFixture>
{
    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "?code=made-up&state=forged")]
    [InlineData("GET", "?error=access_denied&state=forged")]
    [InlineData("GET", "?code=made-up&state=")]
    [InlineData("POST", "")]
    public async Task A_callback_that_completes_no_sign_in_shows_a_page_that_leads_back(string method, string query)
    {
        using var browser = new Browser(server.BaseAddress);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/designer/signin-oidc{query}");
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "made-up", ["state"] = "forged" });
        }

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("This sign-in could not be completed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visit_whose_address_makes_a_state_too_long_to_push_is_sent_to_sign_in_not_failed()
    {
        using var browser = new Browser(server.BaseAddress);

        // The address returned to after sign-in travels in the state; pushed, the server would refuse it as too long.
        using var response = await browser.GetAsync($"/designer/flows?junk={new string('x', 5000)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/as/authorize?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("request_uri", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
