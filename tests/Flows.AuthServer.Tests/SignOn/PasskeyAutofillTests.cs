using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Flows.AuthServer.Tests.SignOn;

/// <summary>
/// Passkey autofill (conditional mediation) on the username steps over real HTTP: with offerPasskeyAutofill the
/// identifier and username/password steps carry request options (a challenge of their own) and take assertion.check,
/// which the real relying party verifies and which signs in without a password; an answer to another challenge, a
/// replay, or any answer while autofill is off or a username is fixed is refused and leaves the flow as it was.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed partial class PasskeyAutofillTests(ManagementServerFixture server) : IDisposable
{
    private const string AnotherChallenge = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly HttpClient _http = server.CreateRawClient();
    private readonly SoftwareAuthenticator _authenticator = new();

    private string Origin => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Theory]
    [InlineData("AskForIdentifier", "SIGN_ON_REQUIRED")]
    [InlineData("AskForUsernamePassword", "USERNAME_PASSWORD_REQUIRED")]
    public async Task A_passkey_chosen_from_the_autofill_signs_in_without_a_password_as_the_passwordless_path_does(string step, string status)
    {
        var (environment, client) = await SetUpAsync("fill", step, autofill: true);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);

        var (_, asked) = await browser.GetFlowAsync(flowUrl);
        var options = asked["_embedded"]!["publicKey"]!.AsObject();
        var (answered, completed) = await browser.ActAsync(flowUrl, FlowActions.AssertionCheck, new { assertion = _authenticator.Assert(options, Origin) });
        var tokens = await environment.RedeemAsync(_http, await SignIn.ResumeAsync(browser, completed), client.ClientId, client.Secret);
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());

        Assert.Equal(status, asked["status"]!.GetValue<string>());
        Assert.NotNull(asked["_links"]![FlowActions.AssertionCheck]);
        Assert.Empty(options["allowCredentials"]!.AsArray());
        Assert.Equal("required", options["userVerification"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, "COMPLETED"), (answered, completed["status"]!.GetValue<string>()));
        Assert.Equal(environment.UserId, idToken.Subject);
        Assert.Equal(["swk", "user", "mfa"], idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
    }

    [Theory]
    [InlineData("AskForIdentifier")]
    [InlineData("AskForUsernamePassword")]
    public async Task An_autofill_answer_to_another_challenge_is_refused_and_the_flow_is_unchanged(string step)
    {
        var (environment, client) = await SetUpAsync("fillchal", step, autofill: true);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);
        var (_, before) = await browser.GetFlowAsync(flowUrl);

        var (status, problem) = await browser.ActAsync(flowUrl, FlowActions.AssertionCheck,
            new { assertion = _authenticator.Assert(before["_embedded"]!["publicKey"]!.AsObject(), Origin, challenge: AnotherChallenge) });

        await AssertRefusedAndUnchangedAsync(browser, flowUrl, before, status, problem);
    }

    [Fact]
    public async Task An_autofill_answer_replayed_in_a_later_sign_in_is_refused_and_the_flow_is_unchanged()
    {
        var (environment, client) = await SetUpAsync("fillreplay", "AskForIdentifier", autofill: true);
        JsonObject used;
        using (var first = new Browser(server.BaseAddress))
        {
            var firstFlow = await StartAsync(first, environment, client.ClientId);
            var (_, asked) = await first.GetFlowAsync(firstFlow);
            used = _authenticator.Assert(asked["_embedded"]!["publicKey"]!.AsObject(), Origin);
            Assert.Equal("COMPLETED", (await first.ActAsync(firstFlow, FlowActions.AssertionCheck, new { assertion = used })).Body["status"]!.GetValue<string>());
        }

        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);
        var (_, before) = await browser.GetFlowAsync(flowUrl);
        var (status, problem) = await browser.ActAsync(flowUrl, FlowActions.AssertionCheck, new { assertion = used });

        await AssertRefusedAndUnchangedAsync(browser, flowUrl, before, status, problem);
    }

    [Theory]
    [InlineData("AskForIdentifier")]
    [InlineData("AskForUsernamePassword")]
    public async Task Without_autofill_the_step_offers_no_challenge_and_refuses_an_assertion(string step)
    {
        var (environment, client) = await SetUpAsync("filloff", step, autofill: false);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);
        var (_, before) = await browser.GetFlowAsync(flowUrl);
        var passwordless = await PasswordlessOptionsAsync(environment);

        var (status, problem) = await browser.ActAsync(flowUrl, FlowActions.AssertionCheck, new { assertion = _authenticator.Assert(passwordless, Origin) });
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Null(before["_embedded"]?["publicKey"]);
        Assert.Null(before["_links"]![FlowActions.AssertionCheck]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ACTION", problem["code"]!.GetValue<string>());
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task Once_an_identifier_is_given_the_password_step_offers_no_autofill_and_refuses_an_assertion()
    {
        var (environment, client) = await SetUpAsync("fillfixed", "AskForIdentifier", autofill: true, passwordAutofill: true);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);
        var (_, first) = await browser.GetFlowAsync(flowUrl);

        var (_, before) = await browser.ActAsync(flowUrl, FlowActions.UserLookup, new { username = "nobody" });
        var (status, _) = await browser.ActAsync(flowUrl, FlowActions.AssertionCheck,
            new { assertion = _authenticator.Assert(first["_embedded"]!["publicKey"]!.AsObject(), Origin) });
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal("USERNAME_PASSWORD_REQUIRED", before["status"]!.GetValue<string>());
        Assert.Null(before["_embedded"]!["publicKey"]);
        Assert.Null(before["_links"]![FlowActions.AssertionCheck]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(before["status"]!.GetValue<string>(), after["status"]!.GetValue<string>());
        Assert.Equal(before["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
    }

    [Fact]
    public async Task The_hosted_identifier_page_marks_the_field_for_passkeys_and_signs_in_with_the_passkey_its_script_posts()
    {
        var (environment, client) = await SetUpAsync("fillpage", "AskForIdentifier", autofill: true);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);
        var pageUrl = flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal);

        using var page = await browser.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        var form = HostedPageForm.Read(html);
        var autofill = AutofillForm().Match(html).Value;
        var options = JsonNode.Parse(WebUtility.HtmlDecode(Attribute(autofill, "data-passkey-options")))!.AsObject();
        var values = new Dictionary<string, string>(form.Hidden) { [PasskeyFields.Assertion] = _authenticator.Assert(options, Origin).ToJsonString() };
        using var posted = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(Attribute(autofill, "action")))
        {
            Content = new FormUrlEncodedContent(values),
        });
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Contains("autocomplete=\"username webauthn\"", html, StringComparison.Ordinal);
        Assert.Contains("/js/passkey.js", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal([IdentifierFields.Username], form.Fields);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("COMPLETED", after["status"]!.GetValue<string>());
    }

    public void Dispose()
    {
        _authenticator.Dispose();
        _http.Dispose();
    }

    private static async Task AssertRefusedAndUnchangedAsync(Browser browser, string flowUrl, JsonObject before, HttpStatusCode status, JsonObject problem)
    {
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("ACTION_REFUSED", "INVALID_PASSKEY"), (problem["code"]!.GetValue<string>(), problem["reason"]!.GetValue<string>()));
        Assert.Equal(before["status"]!.GetValue<string>(), after["status"]!.GetValue<string>());
        Assert.Null(after["error"]);
        Assert.Equal(before["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
    }

    /// <summary>Options of the shipped passwordless flow, to make a genuine assertion for a step that offers none.</summary>
    private async Task<JsonObject> PasswordlessOptionsAsync(ManagedSignInEnvironment environment)
    {
        var passwordless = await environment.CreateApplicationAsync(new { flow = "passkey-passwordless" });
        using var other = new Browser(server.BaseAddress);
        var (_, asked) = await other.GetFlowAsync(await StartAsync(other, environment, passwordless.ClientId));
        return asked["_embedded"]!["publicKey"]!.AsObject();
    }

    /// <summary>
    /// An environment where erin has the authenticator's passkey, and an application on a flow that starts with
    /// <paramref name="step"/> (autofill on or off) and signs in after it.
    /// </summary>
    private async Task<(ManagedSignInEnvironment Environment, (string ClientId, string Secret) Client)> SetUpAsync(
        string prefix, string step, bool autofill, bool passwordAutofill = false)
    {
        var api = new ManagementApi(_http);
        var environment = await ManagedSignInEnvironment.CreateAsync(api, prefix);
        var (registering, _) = await environment.CreateApplicationAsync(new { flow = "password-then-passkey" });
        await RegisterAsync(environment, registering);

        var path = $"/v1/environments/{environment.Id}";
        var flowId = $"{prefix}-flow";
        var imported = await api.PostAsync($"{path}/flows/import", environment.Token, Definition(flowId, step, autofill, passwordAutofill));
        Assert.True(imported.Status == HttpStatusCode.Created, imported.Body.ToJsonString());
        var published = await api.PostAsync($"{path}/flows/{flowId}/publish", environment.Token, new { note = "test" });
        Assert.True(published.Status == HttpStatusCode.Created, published.Body.ToJsonString());
        return (environment, await environment.CreateApplicationAsync(new { flow = flowId }));
    }

    private async Task RegisterAsync(ManagedSignInEnvironment environment, string clientId)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, clientId);
        var (_, asked) = await browser.ActAsync(flowUrl, FlowActions.UsernamePasswordCheck,
            new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        var (status, issued) = await browser.ActAsync(flowUrl, FlowActions.PasskeyRegister,
            new { attestation = _authenticator.Attest(asked["_embedded"]!["publicKey"]!.AsObject(), Origin) });
        Assert.True(status == HttpStatusCode.OK && issued["status"]!.GetValue<string>() == "MFA_RECOVERY_CODES_ISSUED", issued.ToJsonString());
    }

    private async Task<string> StartAsync(Browser browser, ManagedSignInEnvironment environment, string clientId) =>
        environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));

    /// <summary>The step first, then (after an identifier) the password step and the passkey step; every other outcome is denied.</summary>
    private static JsonObject Definition(string id, string step, bool autofill, bool passwordAutofill)
    {
        var identifierFirst = step == "AskForIdentifier";
        var nodes = new JsonArray
        {
            Node("first", step, new JsonObject { ["offerPasskeyAutofill"] = autofill }),
            Node("signIn", "SignIn", []),
            Node("deny", "Deny", new JsonObject { ["message"] = "Refused.", ["code"] = "REFUSED" }),
        };
        var edges = new JsonArray();
        string[] firstOutcomes = identifierFirst
            ? ["password", "passkey", "identityProvider", "register", "unknown"]
            : ["success", "lockedOut", "disabled", "mustChangePassword"];
        foreach (var outcome in firstOutcomes)
        {
            edges.Add(Edge("first", outcome, outcome switch { "password" or "unknown" => "password", "passkey" => "passkey", "success" => "signIn", _ => "deny" }));
        }

        if (autofill)
        {
            edges.Add(Edge("first", "passkeySignedIn", "signIn"));
        }

        if (!identifierFirst)
        {
            return Flow(id, nodes, edges);
        }

        nodes.Add(Node("password", "AskForUsernamePassword", new JsonObject { ["offerPasskeyAutofill"] = passwordAutofill }));
        nodes.Add(Node("passkey", "AskForPasskey", []));
        if (passwordAutofill)
        {
            edges.Add(Edge("password", "passkeySignedIn", "signIn"));
        }

        edges.Add(Edge("password", "success", "signIn"));
        foreach (var outcome in new[] { "lockedOut", "disabled", "mustChangePassword" })
        {
            edges.Add(Edge("password", outcome, "deny"));
        }

        edges.Add(Edge("passkey", "success", "signIn"));
        foreach (var outcome in new[] { "noPasskey", "useRecoveryCode", "disabled" })
        {
            edges.Add(Edge("passkey", outcome, "deny"));
        }

        return Flow(id, nodes, edges);
    }

    private static JsonObject Flow(string id, JsonArray nodes, JsonArray edges) =>
        new() { ["id"] = id, ["version"] = 0, ["name"] = id, ["start"] = "first", ["nodes"] = nodes, ["edges"] = edges };

    private static JsonObject Node(string id, string type, JsonObject properties) => new()
    {
        ["id"] = id, ["type"] = type, ["properties"] = properties, ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 },
    };

    private static JsonObject Edge(string from, string outcome, string to) => new() { ["from"] = from, ["outcome"] = outcome, ["to"] = to };

    private static string Attribute(string tag, string name) =>
        Regex.Match(tag, @"\s" + Regex.Escape(name) + "=\"(?<value>[^\"]*)\"").Groups["value"].Value;

    /// <summary>The start tag of the form the page's script posts an autofill passkey through.</summary>
    [GeneratedRegex("""<form\b[^>]*\sdata-passkey-autofill\b[^>]*>""")]
    private static partial Regex AutofillForm();
}
