using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// "Create an account" on the username/password step over real HTTP: without offerRegistration (the shipped
/// username-password flow) user.register is refused with the usual wrong-action answer and the flow is unchanged; with
/// it, the step links user.register and it leads to REGISTRATION_REQUIRED; the hosted page shows the way there only
/// when offered, as a form that works without JavaScript.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed partial class PasswordStepRegistrationTests(ManagementServerFixture server) : IDisposable
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task User_register_on_a_password_step_that_does_not_offer_it_is_refused_and_the_flow_is_unchanged()
    {
        var (environment, plainClient, _) = await SetUpAsync("pwregoff");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(plainClient)));
        var (_, before) = await browser.GetFlowAsync(flowUrl);

        var (status, refused) = await browser.ActAsync(flowUrl, FlowActions.UserRegister, new { });
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(FlowStatuses.UsernamePasswordRequired, before["status"]!.GetValue<string>());
        Assert.Null(before["_links"]![FlowActions.UserRegister]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(FlowActions.UsernamePasswordCheck, refused.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task User_register_on_a_password_step_that_offers_it_moves_the_flow_to_registration()
    {
        var (environment, _, offeringClient) = await SetUpAsync("pwregon");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(offeringClient)));
        var (_, asked) = await browser.GetFlowAsync(flowUrl);

        var (status, registration) = await browser.ActAsync(flowUrl, FlowActions.UserRegister, new { });

        Assert.Equal(FlowStatuses.UsernamePasswordRequired, asked["status"]!.GetValue<string>());
        Assert.NotNull(asked["_links"]![FlowActions.UserRegister]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.RegistrationRequired, registration["status"]!.GetValue<string>());
        Assert.NotNull(registration["_links"]![FlowActions.UserRegister]);
        Assert.NotNull(registration["_embedded"]!["passwordPolicy"]);
    }

    [Fact]
    public async Task The_hosted_password_page_shows_create_an_account_only_when_offered_and_it_works_without_javascript()
    {
        var (environment, plainClient, offeringClient) = await SetUpAsync("pwreghosted");
        using var plain = new Browser(server.BaseAddress);
        using var offering = new Browser(server.BaseAddress);
        var plainPage = await PageAsync(plain, SignOnUrl(environment.FlowUrlOf(await plain.GetAsync(environment.Authorize(plainClient)))));
        var flowUrl = environment.FlowUrlOf(await offering.GetAsync(environment.Authorize(offeringClient)));
        var offeringPage = await PageAsync(offering, SignOnUrl(flowUrl));

        var start = RegistrationStartPattern().Match(offeringPage);
        using var started = await offering.SendAsync(new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(start.Groups["action"].Value))
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(start.Groups["token"].Value))]),
        });
        var registration = await HostedPageForm.OpenAsync(offering, SignOnUrl(flowUrl));
        var (_, flow) = await offering.GetFlowAsync(flowUrl);

        Assert.DoesNotContain("Create an account", plainPage, StringComparison.Ordinal);
        Assert.DoesNotContain("RegistrationStart", plainPage, StringComparison.Ordinal);
        Assert.Contains("Create an account", offeringPage, StringComparison.Ordinal);
        Assert.True(start.Success, "The password page offers no registration form with an antiforgery token.");
        Assert.Equal([UsernamePasswordFields.Username, UsernamePasswordFields.Password], HostedPageForm.Read(offeringPage).Fields);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal([RegistrationFields.Username, RegistrationFields.Email, RegistrationFields.Password], registration.Fields);
        Assert.Equal(FlowStatuses.RegistrationRequired, flow["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_an_account_posted_without_the_antiforgery_token_is_refused_and_the_flow_is_unchanged()
    {
        var (environment, _, offeringClient) = await SetUpAsync("pwregxsrf");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(offeringClient)));
        var start = RegistrationStartPattern().Match(await PageAsync(browser, SignOnUrl(flowUrl)));

        using var forged = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(start.Groups["action"].Value))
        {
            Content = new FormUrlEncodedContent([]),
        });
        var (_, flow) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, flow["status"]!.GetValue<string>());
    }

    public void Dispose() => _http.Dispose();

    private static string SignOnUrl(string flowUrl) => flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal);

    private static async Task<string> PageAsync(Browser browser, string url)
    {
        using var page = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    /// <summary>An environment with an application on the shipped username-password flow and one on a password step offering registration.</summary>
    private async Task<(ManagedSignInEnvironment Environment, string PlainClient, string OfferingClient)> SetUpAsync(string prefix)
    {
        var api = new ManagementApi(_http);
        var environment = await ManagedSignInEnvironment.CreateAsync(api, prefix);
        var path = $"/v1/environments/{environment.Id}";
        var flowId = $"{prefix}-flow";
        var imported = await api.PostAsync($"{path}/flows/import", environment.Token, Definition(flowId));
        Assert.True(imported.Status == HttpStatusCode.Created, imported.Body.ToJsonString());
        var published = await api.PostAsync($"{path}/flows/{flowId}/publish", environment.Token, new { note = "test" });
        Assert.True(published.Status == HttpStatusCode.Created, published.Body.ToJsonString());
        var (plainClient, _) = await environment.CreateApplicationAsync();
        var (offeringClient, _) = await environment.CreateApplicationAsync(new { flow = flowId });
        return (environment, plainClient, offeringClient);
    }

    /// <summary>A password step offering registration, registration and verification after it, then sign-in.</summary>
    private static JsonObject Definition(string id)
    {
        var nodes = new JsonArray
        {
            Node("password", "AskForUsernamePassword", new JsonObject { ["offerRegistration"] = true }),
            Node("register", "RegisterUser", []),
            Node("verify", "VerifyEmail", []),
            Node("signIn", "SignIn", []),
            Node("deny", "Deny", new JsonObject { ["message"] = "Refused.", ["code"] = "REFUSED" }),
        };
        var edges = new JsonArray
        {
            Edge("password", "success", "signIn"),
            Edge("password", "register", "register"),
            Edge("password", "lockedOut", "deny"),
            Edge("password", "disabled", "deny"),
            Edge("password", "mustChangePassword", "deny"),
            Edge("register", "registered", "verify"),
            Edge("verify", "success", "signIn"),
            Edge("verify", "tooManyAttempts", "deny"),
        };
        return new JsonObject { ["id"] = id, ["version"] = 0, ["name"] = id, ["start"] = "password", ["nodes"] = nodes, ["edges"] = edges };
    }

    private static JsonObject Node(string id, string type, JsonObject properties) => new()
    {
        ["id"] = id, ["type"] = type, ["properties"] = properties, ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 },
    };

    private static JsonObject Edge(string from, string outcome, string to) => new() { ["from"] = from, ["outcome"] = outcome, ["to"] = to };

    [GeneratedRegex("<form\\b[^>]*\\baction=\"(?<action>[^\"]*handler=RegistrationStart[^\"]*)\"[^>]*>.*?name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex RegistrationStartPattern();
}
