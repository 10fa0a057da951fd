using System.Net;
using System.Text.RegularExpressions;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.SignOn;

/// <summary>
/// The hosted pages bind plain form fields and query parameters: a name with brackets, balanced or not (jQuery's
/// <c>a[b]</c> notation), is just a name nobody asked for, never a failure of the page.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class SignOnFormKeyTests(ServerFixture server)
{
    [Theory]
    [InlineData("a[")]
    [InlineData("a]b[")]
    [InlineData("[[x")]
    [InlineData("a[b][c]")]
    public async Task A_posted_field_named_with_brackets_is_ignored(string name)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowId = await StartAsync(browser);
        using var page = await browser.GetAsync($"/{Id}/signon?flowId={flowId}");
        var antiforgery = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups["value"].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = Bob, ["password"] = "not-the-password", [name] = "x", ["__RequestVerificationToken"] = antiforgery,
        });

        using var posted = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/{Id}/signon?flowId={flowId}&handler=UsernamePassword") { Content = form });

        // A wrong password: the step asks again, with its error.
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("signon-error", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a%5B")]
    [InlineData("%5B%5Bx")]
    public async Task A_query_parameter_named_with_an_unclosed_bracket_is_ignored(string name)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowId = await StartAsync(browser);

        using var page = await browser.GetAsync($"/{Id}/signon?flowId={flowId}&{name}=x");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task<string> StartAsync(Browser browser)
    {
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        return flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
