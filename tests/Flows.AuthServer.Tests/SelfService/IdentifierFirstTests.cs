using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// Identifier first over real HTTP: SIGN_ON_REQUIRED takes user.lookup; a known and an unknown username then meet the
/// same password step, of the same shape, and are refused there with the same error.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class IdentifierFirstTests(ManagementServerFixture server) : IDisposable
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task The_first_step_asks_the_username_alone_with_user_lookup()
    {
        var (environment, clientId) = await SetUpAsync("idfirst");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));

        var (_, flow) = await browser.GetFlowAsync(flowUrl);
        var (status, wrong) = await browser.ActAsync(flowUrl, FlowActions.UsernamePasswordCheck, new { username = "erin", password = "x" });

        Assert.Equal(FlowStatuses.SignOnRequired, flow["status"]!.GetValue<string>());
        Assert.Equal([FlowActions.UserLookup, FlowActions.UserRegister], flow["_links"]!.AsObject().Select(link => link.Key).Where(key => key.Contains('.')).Where(key => key != FlowActions.SessionReset));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, status);
        Assert.Contains(FlowActions.UserLookup, wrong.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_and_an_unknown_username_meet_the_same_password_step_and_the_same_refusal()
    {
        var (environment, clientId) = await SetUpAsync("idsame");

        var (knownAsked, knownRefused) = await LookUpAndGuessAsync(environment, clientId, ManagedSignInEnvironment.Username, "not the password");
        var (unknownAsked, unknownRefused) = await LookUpAndGuessAsync(environment, clientId, "nobody", ManagedSignInEnvironment.Password);

        Assert.Equal(FlowStatuses.UsernamePasswordRequired, unknownAsked["status"]!.GetValue<string>());
        Assert.Equal(BodyShape.Of(knownAsked), BodyShape.Of(unknownAsked));
        Assert.Equal(BodyShape.Of(knownRefused), BodyShape.Of(unknownRefused));
        Assert.Equal(knownRefused["error"]!.ToJsonString(), unknownRefused["error"]!.ToJsonString());
        Assert.Equal("INVALID_CREDENTIALS", unknownRefused["error"]!["code"]!.GetValue<string>());
        Assert.Equal("nobody", unknownAsked["_embedded"]!["user"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_right_password_after_the_lookup_goes_on_to_the_next_step()
    {
        var (environment, clientId) = await SetUpAsync("idright");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));

        await browser.ActAsync(flowUrl, FlowActions.UserLookup, new { username = ManagedSignInEnvironment.Username.ToUpperInvariant() });
        var (_, done) = await browser.ActAsync(flowUrl, FlowActions.UsernamePasswordCheck, new { password = ManagedSignInEnvironment.Password });

        // The flow's next step after a password, the terms of use, is reached only by a signed-in user.
        Assert.Equal(FlowStatuses.AgreementConsentRequired, done["status"]!.GetValue<string>());
    }

    public void Dispose() => _http.Dispose();

    /// <summary>An environment with erin and an application on the shipped customer-sign-in flow (no agreement or schema needed: see below).</summary>
    private async Task<(ManagedSignInEnvironment Environment, string ClientId)> SetUpAsync(string prefix)
    {
        var api = new ManagementApi(_http);
        var environment = await ManagedSignInEnvironment.CreateAsync(api, prefix);
        await api.PostAsync($"/v1/environments/{environment.Id}/agreements", environment.Token,
            new { id = "terms", name = "Terms", defaultLanguage = "en", texts = new Dictionary<string, string> { ["en"] = "Terms." } });
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = "customer-sign-in" });
        return (environment, clientId);
    }

    private async Task<(JsonObject Asked, JsonObject Refused)> LookUpAndGuessAsync(
        ManagedSignInEnvironment environment, string clientId, string username, string password)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (_, asked) = await browser.ActAsync(flowUrl, FlowActions.UserLookup, new { username });
        var (_, refused) = await browser.ActAsync(flowUrl, FlowActions.UsernamePasswordCheck, new { password });
        return (asked, refused);
    }
}

/// <summary>A JSON body's structure with its values' kinds only: two answers of one shape differ in values, never in members.</summary>
public static class BodyShape
{
    public static string Of(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(",", obj.Select(pair => pair.Key + ":" + Of(pair.Value))) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Of)) + "]",
        null => "null",
        _ => node.GetValueKind().ToString(),
    };
}
