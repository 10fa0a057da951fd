using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.IdentityProviders.CertifiedUpstreamFixture;

namespace Flows.AuthServer.Tests.IdentityProviders;

/// <summary>
/// Sign-in through an independent, certified upstream provider (oidc-provider, over real HTTP): linking an existing
/// account with its password, just-in-time creation, the provider's refusal, a cancelled upstream sign-in, and the
/// callback's refusals of a forged state and of a replay.
/// </summary>
public sealed class CertifiedUpstreamSignInTests(CertifiedUpstreamFixture server) : IClassFixture<CertifiedUpstreamFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => server.EnsureReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_existing_user_with_the_same_email_is_linked_after_proving_the_password()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await CertifiedUpstreamSignIn.StartAsync(browser, "carol");

        using var returned = await browser.GetAsync((await CertifiedUpstreamSignIn.ToCallbackAsync(browser, flowUrl, server.UpstreamIssuer, "carol")).PathAndQuery);
        var (_, linking) = await browser.GetFlowAsync(flowUrl);
        var linkedBeforeProof = await LinkCountAsync("carol");
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(LocalCarol, LocalCarolPassword));

        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal("ACCOUNT_LINKING_REQUIRED", linking["status"]!.GetValue<string>());
        Assert.Equal(0, linkedBeforeProof);
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        var carol = await UserAsync(LocalCarol);
        Assert.Equal(carol.Id, completed["_embedded"]!["user"]!["id"]!.GetValue<string>());
        Assert.Equal(1, await LinkCountAsync("carol"));
        Assert.Equal(0, await InDatabaseAsync(db => db.Users.CountAsync(u => u.EnvironmentId == Federated && u.Username == "carol")));
    }

    [Fact]
    public async Task An_unknown_upstream_user_is_created_just_in_time_and_the_application_gets_a_code()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await CertifiedUpstreamSignIn.StartAsync(browser, "dave");

        using var returned = await browser.GetAsync((await CertifiedUpstreamSignIn.ToCallbackAsync(browser, flowUrl, server.UpstreamIssuer, "dave")).PathAndQuery);
        var (_, flow) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal("COMPLETED", flow["status"]!.GetValue<string>());
        var dave = await UserAsync("dave");
        Assert.Equal(("dave@corp.test", null), (dave.Email, dave.PasswordHash));
        Assert.Equal(dave.Id, flow["_embedded"]!["user"]!["id"]!.GetValue<string>());
        Assert.Equal(1, await LinkCountAsync("dave"));
        var redirect = await SignIn.ResumeAsync(browser, flow);
        Assert.StartsWith(ClientRedirect, redirect.ToString());
        Assert.True(SignIn.Parameters(redirect).ContainsKey("code"));
    }

    [Fact]
    public async Task The_provider_refusing_the_account_with_access_denied_fails_the_flow_and_creates_no_one()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await CertifiedUpstreamSignIn.StartAsync(browser, RefusedAccount);

        var callback = await CertifiedUpstreamSignIn.ToCallbackAsync(browser, flowUrl, server.UpstreamIssuer, RefusedAccount);
        using var returned = await browser.GetAsync(callback.PathAndQuery);
        var (_, flow) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal("access_denied", CertifiedUpstreamSignIn.Parameter(callback, "error"));
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal(("FAILED", "EXTERNAL_SIGN_IN_FAILED"), (flow["status"]!.GetValue<string>(), flow["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(0, await InDatabaseAsync(db => db.Users.CountAsync(u => u.EnvironmentId == Federated && u.Email == $"{RefusedAccount}@corp.test")));
    }

    [Fact]
    public async Task A_sign_in_cancelled_at_the_provider_fails_the_flow_and_creates_no_one()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await CertifiedUpstreamSignIn.StartAsync(browser, "hank");

        var callback = await CertifiedUpstreamSignIn.ToCallbackAsync(browser, flowUrl, server.UpstreamIssuer, account: null);
        using var returned = await browser.GetAsync(callback.PathAndQuery);
        var (_, flow) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(("access_denied", "End-User aborted interaction"),
            (CertifiedUpstreamSignIn.Parameter(callback, "error"), CertifiedUpstreamSignIn.Parameter(callback, "error_description")));
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal(("FAILED", "EXTERNAL_SIGN_IN_FAILED"), (flow["status"]!.GetValue<string>(), flow["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(0, await InDatabaseAsync(db => db.Users.CountAsync(u => u.EnvironmentId == Federated && u.Email == "hank@corp.test")));
    }

    [Fact]
    public async Task A_forged_state_with_the_providers_real_code_is_refused_and_the_genuine_answer_still_signs_in()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await CertifiedUpstreamSignIn.StartAsync(browser, "ivan");
        var callback = await CertifiedUpstreamSignIn.ToCallbackAsync(browser, flowUrl, server.UpstreamIssuer, "ivan");

        using var forged = await browser.GetAsync(CertifiedUpstreamSignIn.With(callback, "state", "forged-state").PathAndQuery);
        var (_, waiting) = await browser.GetFlowAsync(flowUrl);
        using var genuine = await browser.GetAsync(callback.PathAndQuery);
        var (_, completed) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("EXTERNAL_AUTHENTICATION_REQUIRED", waiting["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_replayed_callback_is_refused_and_changes_nothing()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await CertifiedUpstreamSignIn.StartAsync(browser, "judy");
        var callback = await CertifiedUpstreamSignIn.ToCallbackAsync(browser, flowUrl, server.UpstreamIssuer, "judy");
        using var first = await browser.GetAsync(callback.PathAndQuery);
        var (_, completed) = await browser.GetFlowAsync(flowUrl);

        using var replayed = await browser.GetAsync(callback.PathAndQuery);
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal(completed["status"]!.ToJsonString(), after["status"]!.ToJsonString());
        Assert.Equal(1, await InDatabaseAsync(db => db.Users.CountAsync(u => u.EnvironmentId == Federated && u.Email == "judy@corp.test")));
        Assert.Equal(1, await LinkCountAsync("judy"));
    }

    private Task<UserRecord> UserAsync(string username) =>
        InDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.EnvironmentId == Federated && u.Username == username));

    private Task<int> LinkCountAsync(string account) => InDatabaseAsync(db =>
        db.UserIdentityLinks.CountAsync(l => l.EnvironmentId == Federated && l.ProviderId == ProviderId && l.Subject == SubjectOf(account)));

    private async Task<T> InDatabaseAsync<T>(Func<ServerDbContext, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ServerDbContext>());
    }
}
