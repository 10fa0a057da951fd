using System.Net;
using System.Text.Json;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Instances;
using Flows.Engine.Persistence;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// What an anonymous authorize leaves in the database: only the parameters the resume needs, each within its
/// limit; a request over a limit stores nothing at all.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StoredAuthorizationRequestTests(ServerFixture server)
{
    [Fact]
    public async Task A_huge_unknown_parameter_is_not_stored_with_the_flow()
    {
        using var browser = new Browser(server.BaseAddress);
        var form = AuthorizeForm(Pkce.New(), state: "keep-me");
        form["x_padding"] = new string('p', 200_000);

        using var response = await PostAuthorizeAsync(browser, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await StoredRequestAsync(response.Headers.Location!);
        Assert.DoesNotContain("x_padding", stored, StringComparison.Ordinal);
        Assert.InRange(stored.Length, 1, 16_384);
        Assert.Contains("keep-me", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flow_started_by_a_padded_request_still_answers_the_application_with_its_state_and_a_code_for_its_pkce()
    {
        using var browser = new Browser(server.BaseAddress);
        using var http = server.CreateRawClient();
        var pkce = Pkce.New();
        var form = AuthorizeForm(pkce, state: "padded");
        form["x_padding"] = new string('p', 50_000);
        using var started = await PostAuthorizeAsync(browser, form);
        var flowId = QueryHelpers.ParseQuery(new Uri(server.BaseAddress, started.Headers.Location!).Query)["flowId"].ToString();

        var completed = await SignIn.CompleteAsync(browser, $"/{Id}/flows/{flowId}", Bob, BobPassword);
        var answer = SignIn.Parameters(await SignIn.ResumeAsync(browser, completed));
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(http, answer["code"], WebRedirect, pkce.Verifier, WebClientId, WebSecret);

        Assert.Equal("padded", answer["state"]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(tokens["id_token"]);
    }

    [Theory]
    [InlineData("state", 4_096)]
    [InlineData("nonce", 4_096)]
    [InlineData("login_hint", 4_096)]
    [InlineData("scope", 8_192)]
    public async Task An_oversized_known_parameter_is_refused_before_a_session_or_flow_is_stored(string parameter, int length)
    {
        using var browser = new Browser(server.BaseAddress);
        var form = AuthorizeForm(Pkce.New());
        form[parameter] = parameter == "scope" ? "openid " + new string('s', length) : new string('v', length);
        var before = await CountStoredAsync();

        using var response = await PostAuthorizeAsync(browser, form);

        AssertRefusedToTheApplication(response);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("ST=", StringComparison.Ordinal)));
        Assert.Equal(before, await CountStoredAsync());
    }

    [Fact]
    public async Task Known_parameters_each_within_their_limit_but_too_long_together_are_refused()
    {
        using var browser = new Browser(server.BaseAddress);
        var form = AuthorizeForm(Pkce.New());
        var resources = Enumerable.Range(0, 12).Select(i => $"https://api{i}.test/{new string('r', 1_900)}").ToList();
        var before = await CountStoredAsync();

        using var content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))
            .Concat(resources.Select(r => new KeyValuePair<string, string>("resource", r))));
        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/{Id}/as/authorize") { Content = content });

        AssertRefusedToTheApplication(response);
        Assert.Equal(before, await CountStoredAsync());
    }

    private static Dictionary<string, string> AuthorizeForm(Pkce pkce, string state = "state-1") => new()
    {
        ["response_type"] = "code",
        ["client_id"] = WebClientId,
        ["redirect_uri"] = WebRedirect,
        ["scope"] = "openid profile",
        ["state"] = state,
        ["nonce"] = "nonce-1",
        ["code_challenge"] = pkce.Challenge,
        ["code_challenge_method"] = "S256",
    };

    /// <summary>The client and redirect URI are verified: the refusal goes back to the application (RFC 6749 §4.1.2.1).</summary>
    private static void AssertRefusedToTheApplication(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(WebRedirect + "?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request", SignIn.Parameters(response.Headers.Location!)["error"]);
    }

    private static Task<HttpResponseMessage> PostAuthorizeAsync(Browser browser, Dictionary<string, string> form) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/{Id}/as/authorize") { Content = new FormUrlEncodedContent(form) });

    private async Task<string> StoredRequestAsync(Uri signOnLocation)
    {
        var flowId = QueryHelpers.ParseQuery(new Uri(server.BaseAddress, signOnLocation).Query)["flowId"].ToString();
        await using var scope = server.Services.CreateAsyncScope();
        var instance = await scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>().FindAsync(flowId, CancellationToken.None);
        var stored = instance!.Request!;
        using var document = JsonDocument.Parse(stored);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return stored;
    }

    private async Task<(int Sessions, int Instances)> CountStoredAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var sessions = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Sessions.CountAsync();
        await using var flows = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<FlowsDbContext>>().CreateDbContextAsync();
        return (sessions, await flows.Instances.CountAsync());
    }
}
