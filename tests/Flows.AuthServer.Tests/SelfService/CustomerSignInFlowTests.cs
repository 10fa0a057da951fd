using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// The shipped customer-sign-in flow over real HTTP: identifier, password, the 'terms' agreement in the user's language
/// (recorded per version, listed in /v1, not asked twice, asked again for a new version, declining fails), and the
/// profile attributes of the user schema (checked, stored, not asked twice), on the JSON API and the hosted pages.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class CustomerSignInFlowTests(ManagementServerFixture server) : IDisposable
{
    private const string Flow = "customer-sign-in";

    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_first_sign_in_asks_the_terms_in_the_users_language_then_the_profile_and_completes()
    {
        var (environment, clientId) = await SetUpAsync("customer");
        using var browser = new Browser(server.BaseAddress);
        browser.Headers.AcceptLanguage.ParseAdd("fr-CH, de;q=0.8");

        var (flowUrl, terms) = await ToTermsAsync(browser, environment, clientId);
        var (_, profile) = await browser.ActAsync(flowUrl, FlowActions.UserConsent, new { accept = true });
        var (_, refused) = await browser.ActAsync(flowUrl, FlowActions.UserUpdate, new { attributes = new { given_name = "Erin", family_name = "1234" } });
        var (_, done) = await browser.ActAsync(flowUrl, FlowActions.UserUpdate, new { attributes = new { given_name = "Erin", family_name = "Smith" } });
        var accepted = await Api.GetAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}/agreements", environment.Token);
        var user = await Api.GetAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}", environment.Token);

        Assert.Equal(FlowStatuses.AgreementConsentRequired, terms["status"]!.GetValue<string>());
        Assert.Equal("Sei nett.", terms["_embedded"]!["agreement"]!["text"]!.GetValue<string>());
        Assert.NotNull(terms["_links"]![FlowActions.UserConsent]);
        Assert.Equal(FlowStatuses.ProfileDataRequired, profile["status"]!.GetValue<string>());
        Assert.Equal(["given_name", "family_name"], profile["_embedded"]!["attributes"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
        Assert.Equal(FlowStatuses.ProfileDataRequired, refused["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.InvalidValue, refused["error"]!["code"]!.GetValue<string>());
        Assert.Equal("family_name", Assert.Single(refused["_embedded"]!["problems"]!.AsArray())!["attribute"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, done["status"]!.GetValue<string>());
        var acceptance = Assert.Single(accepted.Body["items"]!.AsArray())!;
        Assert.Equal(("terms", 1), (acceptance["agreementId"]!.GetValue<string>(), acceptance["version"]!.GetValue<int>()));
        Assert.Equal("Smith", user.Body["attributes"]!["family_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_second_sign_in_skips_what_was_done_and_a_new_version_is_asked_again()
    {
        var (environment, clientId) = await SetUpAsync("returning");
        await SignInFullyAsync(environment, clientId);

        using (var again = new Browser(server.BaseAddress))
        {
            var flowUrl = await AtPasswordAsync(again, environment, clientId);
            var (_, done) = await again.ActAsync(flowUrl, FlowActions.UsernamePasswordCheck, new { password = ManagedSignInEnvironment.Password });
            Assert.Equal(FlowStatuses.Completed, done["status"]!.GetValue<string>());
        }

        var added = await Api.PostAsync($"/v1/environments/{environment.Id}/agreements/terms/versions", environment.Token,
            new { texts = new Dictionary<string, string> { ["en"] = "Be nicer.", ["de"] = "Sei netter." } });
        using var browser = new Browser(server.BaseAddress);
        var (_, terms) = await ToTermsAsync(browser, environment, clientId);

        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal(2, added.Body["currentVersion"]!.GetValue<int>());
        Assert.Equal(FlowStatuses.AgreementConsentRequired, terms["status"]!.GetValue<string>());
        Assert.Equal(2, terms["_embedded"]!["agreement"]!["version"]!.GetValue<int>());
        Assert.Equal("Be nicer.", terms["_embedded"]!["agreement"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Declining_the_terms_ends_the_flow_and_records_nothing()
    {
        var (environment, clientId) = await SetUpAsync("declining");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await ToTermsAsync(browser, environment, clientId);

        var (_, declined) = await browser.ActAsync(flowUrl, FlowActions.UserConsent, new { accept = false });
        var accepted = await Api.GetAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}/agreements", environment.Token);

        Assert.Equal(FlowStatuses.Failed, declined["status"]!.GetValue<string>());
        Assert.Empty(accepted.Body["items"]!.AsArray());
    }

    [Fact]
    public async Task The_hosted_pages_ask_the_identifier_the_terms_and_the_profile_with_the_api_fields()
    {
        var (environment, clientId) = await SetUpAsync("hosted");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var signOn = flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal);

        var identifier = await HostedPageForm.OpenAsync(browser, signOn);
        using var _1 = await identifier.SubmitAsync(browser, new Dictionary<string, string> { [IdentifierFields.Username] = ManagedSignInEnvironment.Username });
        var password = await HostedPageForm.OpenAsync(browser, signOn);
        using var _2 = await password.SubmitAsync(browser, new Dictionary<string, string>
        {
            [UsernamePasswordFields.Username] = ManagedSignInEnvironment.Username,
            [UsernamePasswordFields.Password] = ManagedSignInEnvironment.Password,
        });
        var termsPage = await (await browser.GetAsync(signOn)).Content.ReadAsStringAsync();
        var terms = HostedPageForm.Read(termsPage);
        using var _3 = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, terms.Action)
        {
            Content = new FormUrlEncodedContent([.. terms.Hidden, KeyValuePair.Create(AgreementFields.Accept, "true")]),
        });
        var profile = await HostedPageForm.OpenAsync(browser, signOn);
        using var posted = await profile.SubmitAsync(browser, new Dictionary<string, string>
        {
            ["attributes[given_name]"] = "Erin",
            ["attributes[family_name]"] = "Smith",
        });
        var (_, flow) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal([IdentifierFields.Username], identifier.Fields);
        Assert.Contains("Be nice.", termsPage, StringComparison.Ordinal);
        Assert.Equal(["attributes[given_name]", "attributes[family_name]"], profile.Fields);
        Assert.Equal(FlowStatuses.Completed, flow["status"]!.GetValue<string>());
    }

    public void Dispose() => _http.Dispose();

    /// <summary>An environment with erin, the 'terms' agreement (en, de), a user schema with the names, and an application on the flow.</summary>
    private async Task<(ManagedSignInEnvironment Environment, string ClientId)> SetUpAsync(string prefix)
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, prefix);
        var schema = await Api.PutAsync($"/v1/environments/{environment.Id}/userSchema", environment.Token, new
        {
            attributes = new object[]
            {
                new { name = "given_name", displayName = "First name", required = true },
                new { name = "family_name", displayName = "Last name", required = true, format = "[\\p{L} '-]+" },
            },
        });
        var agreement = await Api.PostAsync($"/v1/environments/{environment.Id}/agreements", environment.Token, new
        {
            id = "terms",
            name = "Terms of use",
            defaultLanguage = "en",
            texts = new Dictionary<string, string> { ["en"] = "Be nice.", ["de"] = "Sei nett." },
        });
        Assert.Equal(HttpStatusCode.OK, schema.Status);
        Assert.Equal(HttpStatusCode.Created, agreement.Status);
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = Flow });
        return (environment, clientId);
    }

    private async Task<string> AtPasswordAsync(Browser browser, ManagedSignInEnvironment environment, string clientId)
    {
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (_, password) = await browser.ActAsync(flowUrl, FlowActions.UserLookup, new { username = ManagedSignInEnvironment.Username });
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, password["status"]!.GetValue<string>());
        return flowUrl;
    }

    private async Task<(string FlowUrl, JsonObject Terms)> ToTermsAsync(Browser browser, ManagedSignInEnvironment environment, string clientId)
    {
        var flowUrl = await AtPasswordAsync(browser, environment, clientId);
        var (_, terms) = await browser.ActAsync(flowUrl, FlowActions.UsernamePasswordCheck, new { password = ManagedSignInEnvironment.Password });
        return (flowUrl, terms);
    }

    private async Task SignInFullyAsync(ManagedSignInEnvironment environment, string clientId)
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await ToTermsAsync(browser, environment, clientId);
        await browser.ActAsync(flowUrl, FlowActions.UserConsent, new { accept = true });
        var (_, done) = await browser.ActAsync(flowUrl, FlowActions.UserUpdate, new { attributes = new { given_name = "Erin", family_name = "Smith" } });
        Assert.Equal(FlowStatuses.Completed, done["status"]!.GetValue<string>());
    }
}
