using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Instances;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.IdentityProviders.FederatedServerFixture;

namespace Flows.AuthServer.Tests.IdentityProviders;

/// <summary>
/// Sign-in through an upstream OpenID Connect provider (another environment of the same server, over real HTTP): account
/// resolution (linked, linked after a password, created, refused) and the callback's refusals (forged or replayed state,
/// another browser, the provider's error).
/// </summary>
public sealed class IdentityProviderSignInTests(FederatedServerFixture server) : IClassFixture<FederatedServerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => server.EnsureReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_existing_user_with_the_same_email_links_after_proving_the_password()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, CreatingClientId, "carol");

        using var returned = await FederatedSignIn.ReturnAsync(browser, await FederatedSignIn.ToCallbackAsync(browser, flowUrl, "carol"));
        var linking = await FederatedSignIn.FlowAsync(browser, flowUrl);
        var (_, wrong) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(LocalCarol, "not the password"));
        var linkedBeforeProof = await LinkCountAsync("carol");
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(LocalCarol, LocalCarolPassword));

        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal("ACCOUNT_LINKING_REQUIRED", linking["status"]!.GetValue<string>());
        Assert.NotNull(linking["_links"]!["usernamePassword.check"]);
        Assert.Null(linking["_embedded"]?["username"]);
        Assert.Equal(("ACCOUNT_LINKING_REQUIRED", "INVALID_CREDENTIALS"), (wrong["status"]!.GetValue<string>(), wrong["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(0, linkedBeforeProof);
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        var carol = await UserAsync(LocalCarol);
        Assert.Equal(carol.Id, completed["_embedded"]!["user"]!["id"]!.GetValue<string>());
        Assert.Equal(1, await LinkCountAsync("carol"));
        var state = await StateAsync(flowUrl);
        Assert.Equal(["fed", "pwd"], state.Amr.Order());
    }

    [Fact]
    public async Task A_user_nobody_has_is_created_just_in_time_and_signed_in()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, CreatingClientId, "dave");

        using var returned = await FederatedSignIn.ReturnAsync(browser, await FederatedSignIn.ToCallbackAsync(browser, flowUrl, "dave"));
        var flow = await FederatedSignIn.FlowAsync(browser, flowUrl);

        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.StartsWith($"/{Downstream}/as/resume", returned.Headers.Location!.ToString());
        Assert.Equal("COMPLETED", flow["status"]!.GetValue<string>());
        var dave = await UserAsync("dave");
        Assert.Equal("dave@corp.test", dave.Email);
        Assert.Null(dave.PasswordHash);
        Assert.Equal(dave.Id, flow["_embedded"]!["user"]!["id"]!.GetValue<string>());
        Assert.Equal(1, await LinkCountAsync("dave"));
        var redirect = await SignIn.ResumeAsync(browser, flow);
        Assert.StartsWith(ClientRedirect, redirect.ToString());
        Assert.True(SignIn.Parameters(redirect).ContainsKey("code"));
    }

    [Fact]
    public async Task A_linked_user_signs_in_again_without_being_asked_or_created_twice()
    {
        using (var first = new Browser(server.BaseAddress))
        {
            var firstFlow = await FederatedSignIn.StartAsync(first, CreatingClientId, "erin");
            using var _ = await FederatedSignIn.ReturnAsync(first, await FederatedSignIn.ToCallbackAsync(first, firstFlow, "erin"));
        }

        var erin = await UserAsync("erin");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, LinkingOnlyClientId, "erin");
        using var returned = await FederatedSignIn.ReturnAsync(browser, await FederatedSignIn.ToCallbackAsync(browser, flowUrl, "erin"));
        var flow = await FederatedSignIn.FlowAsync(browser, flowUrl);

        Assert.Equal("COMPLETED", flow["status"]!.GetValue<string>());
        Assert.Equal(erin.Id, flow["_embedded"]!["user"]!["id"]!.GetValue<string>());
        Assert.Equal(1, await InDatabaseAsync(db => db.Users.CountAsync(u => u.EnvironmentId == Downstream && u.Email == "erin@corp.test")));
        // A password proven upstream proves nothing of the local account's.
        Assert.Equal(["fed"], (await StateAsync(flowUrl)).Amr);
    }

    [Fact]
    public async Task Without_user_creation_an_unknown_identity_follows_the_failed_edge()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, LinkingOnlyClientId, "frank");

        using var returned = await FederatedSignIn.ReturnAsync(browser, await FederatedSignIn.ToCallbackAsync(browser, flowUrl, "frank"));
        var flow = await FederatedSignIn.FlowAsync(browser, flowUrl);

        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal("FAILED", flow["status"]!.GetValue<string>());
        Assert.Equal("EXTERNAL_SIGN_IN_FAILED", flow["error"]!["code"]!.GetValue<string>());
        Assert.Equal(0, await InDatabaseAsync(db => db.Users.CountAsync(u => u.EnvironmentId == Downstream && u.Username == "frank")));
    }

    [Fact]
    public async Task The_provider_answering_access_denied_follows_the_failed_edge()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, CreatingClientId, "gina");
        var upstreamAuthorize = await FederatedSignIn.LeaveAsync(browser, flowUrl);
        // The request was pushed (RFC 9126): the state is in the upstream's stored request, as the upstream would send it.
        var upstreamFlow = await SignIn.StartAsync(browser, upstreamAuthorize.PathAndQuery, Upstream);
        var state = await UpstreamStateAsync(upstreamFlow);

        using var returned = await browser.GetAsync(
            $"/{Downstream}/idp/{ProviderId}/callback?error=access_denied&state={Uri.EscapeDataString(state)}&iss={Uri.EscapeDataString(server.UpstreamIssuer)}");
        var flow = await FederatedSignIn.FlowAsync(browser, flowUrl);

        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal("FAILED", flow["status"]!.GetValue<string>());
        Assert.Equal("EXTERNAL_SIGN_IN_FAILED", flow["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forged_state_is_refused_and_the_flow_still_waits()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, CreatingClientId, "hank");
        await FederatedSignIn.LeaveAsync(browser, flowUrl);

        using var forged = await browser.GetAsync($"/{Downstream}/idp/{ProviderId}/callback?code=forged&state=forged-state");
        var flow = await FederatedSignIn.FlowAsync(browser, flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("EXTERNAL_AUTHENTICATION_REQUIRED", flow["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_state_forged_as_a_signed_token_is_refused_and_the_flow_still_waits()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, CreatingClientId, "hank");
        await FederatedSignIn.LeaveAsync(browser, flowUrl);

        // A JWS where OpenIddict issued a Data Protection token: its validation throws instead of refusing.
        using var forged = await browser.GetAsync($"/{Downstream}/idp/{ProviderId}/callback?code=forged&state=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
        var flow = await FederatedSignIn.FlowAsync(browser, flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("EXTERNAL_AUTHENTICATION_REQUIRED", flow["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_replayed_callback_is_refused()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, CreatingClientId, "ivan");
        var callback = await FederatedSignIn.ToCallbackAsync(browser, flowUrl, "ivan");
        using var first = await FederatedSignIn.ReturnAsync(browser, callback);
        var completed = await FederatedSignIn.FlowAsync(browser, flowUrl);

        using var replayed = await FederatedSignIn.ReturnAsync(browser, callback);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
    }

    [Fact]
    public async Task A_callback_in_another_browser_is_refused_even_with_the_correlation_cookie()
    {
        using var owner = new Browser(server.BaseAddress);
        using var stranger = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(owner, CreatingClientId, "judy");
        await FederatedSignIn.StartAsync(stranger, CreatingClientId, "judy");
        var callback = await FederatedSignIn.ToCallbackAsync(owner, flowUrl, "judy");
        // Everything the owner's browser holds for the callback but its session: what a stolen redirect would carry.
        foreach (Cookie cookie in owner.Cookies.GetCookies(new Uri(server.BaseAddress, callback.AbsolutePath)))
        {
            if (cookie.Name != "ST")
            {
                stranger.Cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, server.BaseAddress.Host));
            }
        }

        using var stolen = await FederatedSignIn.ReturnAsync(stranger, callback);
        var waiting = await FederatedSignIn.FlowAsync(owner, flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Equal("EXTERNAL_AUTHENTICATION_REQUIRED", waiting["status"]!.GetValue<string>());
        Assert.Equal(0, await InDatabaseAsync(db => db.Users.CountAsync(u => u.EnvironmentId == Downstream && u.Username == "judy")));
        Assert.False(await InDatabaseAsync(db => db.Sessions.AnyAsync(s => s.EnvironmentId == Downstream && s.UserId != null
            && db.Users.Any(u => u.Id == s.UserId && u.Email == "judy@corp.test"))));
    }

    [Fact]
    public async Task A_client_cannot_post_the_providers_answer_itself()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, CreatingClientId, "kate");
        var waiting = await FederatedSignIn.FlowAsync(browser, flowUrl);
        var attempt = waiting["_embedded"]!["attempt"]!.GetValue<string>();

        // Everything the callback would send, claiming to be an identity that a local user has.
        var (status, problem) = await browser.ActAsync(flowUrl, "authenticate",
            new { attempt, identity = new { subject = "someone", email = "kate@corp.test", emailVerified = true, claims = new { }, amr = Array.Empty<string>() } });
        var flow = await FederatedSignIn.FlowAsync(browser, flowUrl);

        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_ACTION"), (status, problem["code"]!.GetValue<string>()));
        Assert.Equal("EXTERNAL_AUTHENTICATION_REQUIRED", flow["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_hosted_page_sends_the_browser_to_the_provider_at_once()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await FederatedSignIn.StartAsync(browser, CreatingClientId, "liam");

        using var page = await browser.GetAsync($"/{Downstream}/signon?flowId={FederatedSignIn.FlowId(flowUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal($"/{Downstream}/idp/{ProviderId}/authenticate?flowId={FederatedSignIn.FlowId(flowUrl)}", page.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?state=")]
    [InlineData("?code=abc")]
    [InlineData("?error=access_denied")]
    [InlineData("?error=access_denied&state=not-a-token")]
    [InlineData("?code=abc&state=%00%01")]
    [InlineData("?code=abc&code=def&state=a&state=b")]
    [InlineData("?iss=https%3A%2F%2Fevil.test&code=abc&state=x")]
    public async Task A_malformed_callback_gets_a_4xx_never_a_5xx(string query)
    {
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync($"/{Downstream}/idp/{ProviderId}/callback{query}");
        using var unknown = await browser.GetAsync($"/{Downstream}/idp/nobody/callback{query}");

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.InRange((int)unknown.StatusCode, 400, 499);
    }

    private async Task<string> UpstreamStateAsync(string upstreamFlowUrl)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var instance = await scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>().FindAsync(FederatedSignIn.FlowId(upstreamFlowUrl), CancellationToken.None);
        return StoredAuthorizationRequest.Deserialize(instance!.Request!)!.State!;
    }

    private Task<UserRecord> UserAsync(string username) =>
        InDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.EnvironmentId == Downstream && u.Username == username));

    private Task<int> LinkCountAsync(string upstreamUser) => InDatabaseAsync(async db =>
    {
        var subject = await db.Users.Where(u => u.EnvironmentId == Upstream && u.Username == upstreamUser).Select(u => u.Id).SingleAsync();
        return await db.UserIdentityLinks.CountAsync(l => l.EnvironmentId == Downstream && l.ProviderId == ProviderId && l.Subject == subject);
    });

    private async Task<FlowState> StateAsync(string flowUrl)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var instance = await scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>().FindAsync(FederatedSignIn.FlowId(flowUrl), CancellationToken.None);
        return instance!.State;
    }

    private async Task<T> InDatabaseAsync<T>(Func<ServerDbContext, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ServerDbContext>());
    }
}
