using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// A third-party application's users consent to its scopes in its flow, once the flow identified them: the consent is
/// remembered per user and application, prompt=consent asks again, prompt=none cannot ask, a refusal reaches the client
/// as access_denied, and revoking the consent through <c>/v1</c> ends the application's refresh tokens.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class ThirdPartyConsentTests(ManagementServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_third_party_application_asks_for_consent_in_plain_words_after_the_user_is_identified()
    {
        var (environment, thirdParty, _) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);

        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(thirdParty.ClientId, "openid profile offline_access")));
        var asked = await AnswerPasswordAsync(browser, flowUrl);
        using var page = await browser.GetAsync(flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(FlowStatuses.ConsentRequired, asked["status"]!.GetValue<string>());
        Assert.Equal(
            ["Know who you are", "See your name and profile", "Keep access while you are away"],
            asked["_embedded"]![ConsentFields.Scopes]!.AsArray().Select(s => s!["description"]!.GetValue<string>()));
        Assert.Contains("See your name and profile", html);
        Assert.Contains(FlowActions.UserConsent, asked["_links"]!.AsObject().Select(link => link.Key));
    }

    [Fact]
    public async Task A_first_party_application_never_asks_for_consent()
    {
        var (environment, _, firstParty) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);

        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(firstParty.ClientId, "openid profile")));
        var completed = await AnswerPasswordAsync(browser, flowUrl);

        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_allowed_consent_is_remembered_for_the_same_or_fewer_scopes_and_asked_again_with_prompt_consent()
    {
        var (environment, thirdParty, _) = await SetUpAsync();
        using (var first = new Browser(server.BaseAddress))
        {
            await ConsentAsync(first, environment, thirdParty.ClientId, "openid profile email", accept: true);
        }

        using var second = new Browser(server.BaseAddress);
        var fewer = await AnswerPasswordAsync(second, environment.FlowUrlOf(await second.GetAsync(environment.Authorize(thirdParty.ClientId, "openid email"))));
        using var third = new Browser(server.BaseAddress);
        var forced = await AnswerPasswordAsync(third, environment.FlowUrlOf(await third.GetAsync(
            environment.Authorize(thirdParty.ClientId, "openid email", new Dictionary<string, string?> { ["prompt"] = "consent" }))));
        using var fourth = new Browser(server.BaseAddress);
        var more = await AnswerPasswordAsync(fourth, environment.FlowUrlOf(await fourth.GetAsync(environment.Authorize(thirdParty.ClientId, "openid offline_access"))));

        Assert.Equal(FlowStatuses.Completed, fewer["status"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.ConsentRequired, forced["status"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.ConsentRequired, more["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_signed_in_user_without_a_consent_gets_consent_required_for_prompt_none()
    {
        var (environment, thirdParty, firstParty) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);
        await SignIn.RunAsync(browser, environment.Authorize(firstParty.ClientId), ManagedSignInEnvironment.Username,
            ManagedSignInEnvironment.Password, environment: environment.Id);

        using var silent = await browser.GetAsync(environment.Authorize(thirdParty.ClientId, "openid", new Dictionary<string, string?> { ["prompt"] = "none" }));

        Assert.Equal(HttpStatusCode.Redirect, silent.StatusCode);
        var answer = SignIn.Parameters(silent.Headers.Location!);
        Assert.Equal(("consent_required", "state-1"), (answer["error"], answer["state"]));
    }

    [Fact]
    public async Task A_signed_in_user_with_a_consent_signs_in_to_the_third_party_application_without_a_flow()
    {
        var (environment, thirdParty, _) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);
        await ConsentAsync(browser, environment, thirdParty.ClientId, "openid profile", accept: true);

        using var again = await browser.GetAsync(environment.Authorize(thirdParty.ClientId, "openid", new Dictionary<string, string?> { ["prompt"] = "none" }));

        Assert.True(SignIn.Parameters(again.Headers.Location!).ContainsKey("code"), again.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Denying_the_consent_redirects_access_denied_with_the_state_to_the_client()
    {
        var (environment, thirdParty, _) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);

        var redirect = await ConsentAsync(browser, environment, thirdParty.ClientId, "openid profile", accept: false);

        Assert.StartsWith(ManagedSignInEnvironment.Redirect, redirect.ToString());
        var answer = SignIn.Parameters(redirect);
        Assert.Equal(("access_denied", "state-1"), (answer["error"], answer["state"]));
        Assert.False(answer.ContainsKey("code"));
    }

    [Fact]
    public async Task Revoking_a_consent_through_v1_lists_it_no_more_and_ends_the_applications_refresh_token()
    {
        var (environment, thirdParty, _) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);
        var redirect = await ConsentAsync(browser, environment, thirdParty.ClientId, "openid profile offline_access", accept: true);
        var refreshToken = (await environment.RedeemAsync(_http, redirect, thirdParty.ClientId, thirdParty.Secret))["refresh_token"]!.GetValue<string>();
        var consents = $"/v1/environments/{environment.Id}/users/{environment.UserId}/consents";

        var listed = await Api.GetAsync(consents, environment.Token);
        var revoked = await Api.DeleteAsync($"{consents}/{thirdParty.ClientId}", environment.Token);
        var after = await Api.GetAsync(consents, environment.Token);
        var (status, refreshed) = await TokenRequests.RefreshAsync(_http, refreshToken, thirdParty.ClientId, thirdParty.Secret, environment.Id);

        var consent = listed.Body["items"]!.AsArray().Single()!;
        Assert.Equal(thirdParty.ClientId, consent["clientId"]!.GetValue<string>());
        Assert.Equal(["openid", "profile", "offline_access"], consent["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.NotNull(consent["grantedAt"]);
        Assert.Equal(HttpStatusCode.NoContent, revoked.Status);
        Assert.Empty(after.Body["items"]!.AsArray());
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, refreshed["error"]!.GetValue<string>()));
    }

    /// <summary>Signs in through the application's flow and answers its consent step; returns the redirect to the client.</summary>
    private static async Task<Uri> ConsentAsync(Browser browser, ManagedSignInEnvironment environment, string clientId, string scope, bool accept)
    {
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId, scope)));
        Assert.Equal(FlowStatuses.ConsentRequired, (await AnswerPasswordAsync(browser, flowUrl))["status"]!.GetValue<string>());
        var (status, completed) = await browser.ActAsync(flowUrl, FlowAction.Create(FlowActions.UserConsent, new JsonObject { [ConsentFields.Accept] = accept }));
        Assert.Equal(HttpStatusCode.OK, status);
        return await SignIn.ResumeAsync(browser, completed);
    }

    private static async Task<JsonObject> AnswerPasswordAsync(Browser browser, string flowUrl)
    {
        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));
        Assert.Equal(HttpStatusCode.OK, status);
        return flow;
    }

    private async Task<(ManagedSignInEnvironment Environment, (string ClientId, string Secret) ThirdParty, (string ClientId, string Secret) FirstParty)> SetUpAsync()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "consent");
        var thirdParty = await environment.CreateApplicationAsync(new { name = "Partner app", thirdParty = true });
        var firstParty = await environment.CreateApplicationAsync();
        return (environment, thirdParty, firstParty);
    }
}
