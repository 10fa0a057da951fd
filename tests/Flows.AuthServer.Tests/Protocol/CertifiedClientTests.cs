using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Xunit.Abstractions;
using static Flows.AuthServer.Tests.Hosting.CertifiedEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// An independent, certified relying party (openid-client, tests/clients/code-flow.mjs) signs in against the
/// real server: discovery, authorize, the flow API, code exchange with ID token signature checks against the
/// JWKS, userinfo and a refresh grant. If it fails, the server is the suspect: the client is the reference.
/// </summary>
public sealed class CertifiedClientTests(CertifiedClientServerFixture server, ITestOutputHelper output)
    : IClassFixture<CertifiedClientServerFixture>
{
    [Fact]
    public async Task A_confidential_client_with_client_secret_basic_signs_in_with_a_password()
    {
        var variables = Variables(ConfidentialClientId, ConfidentialRedirect, Rita, RitaPassword);
        variables["CLIENT_SECRET"] = ConfidentialSecret;

        var result = await CodeFlowClient.RunAsync(variables);

        var json = AssertSucceeded(result);
        var claims = json["idTokenClaims"]!.AsObject();
        Assert.Equal(RitaName, claims["name"]?.GetValue<string>());
        Assert.Equal(ConfidentialClientId, claims["aud"]?.GetValue<string>());
        var amr = claims["amr"]!.AsArray().Select(value => value!.GetValue<string>()).ToList();
        Assert.Contains("pwd", amr);
        Assert.DoesNotContain("otp", amr);
    }

    [Fact]
    public async Task A_public_client_with_PKCE_signs_in_with_a_password_and_a_one_time_code()
    {
        var variables = Variables(PublicClientId, PublicRedirect, Otto, OttoPassword);
        variables["TOTP_SECRET"] = OttoTotpSecret;

        var result = await CodeFlowClient.RunAsync(variables);

        var json = AssertSucceeded(result);
        var claims = json["idTokenClaims"]!.AsObject();
        Assert.Equal(OttoName, claims["name"]?.GetValue<string>());
        Assert.Equal(PublicClientId, claims["aud"]?.GetValue<string>());
        var amr = claims["amr"]!.AsArray().Select(value => value!.GetValue<string>()).ToList();
        Assert.Contains("pwd", amr);
        Assert.Contains("otp", amr);
    }

    [Fact]
    public async Task A_client_that_must_push_its_requests_signs_in_through_the_pushed_authorization_endpoint()
    {
        var variables = Variables(PushingClientId, PushingRedirect, Rita, RitaPassword);
        variables["CLIENT_SECRET"] = PushingSecret;
        variables["PAR"] = "1";

        var result = await CodeFlowClient.RunAsync(variables);

        var json = AssertSucceeded(result);
        Assert.Equal(PushingClientId, json["idTokenClaims"]!["aud"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_client_that_must_push_its_requests_is_refused_without_pushing()
    {
        var variables = Variables(PushingClientId, PushingRedirect, Rita, RitaPassword);
        variables["CLIENT_SECRET"] = PushingSecret;

        var result = await CodeFlowClient.RunAsync(variables);

        output.WriteLine(result.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("authorize", result.Json["step"]?.GetValue<string>());
    }

    [Fact]
    public async Task The_client_reports_a_refused_password_as_a_failed_flow_step()
    {
        var variables = Variables(ConfidentialClientId, ConfidentialRedirect, Rita, "not-" + RitaPassword);
        variables["CLIENT_SECRET"] = ConfidentialSecret;

        var result = await CodeFlowClient.RunAsync(variables);

        output.WriteLine(result.ToString());
        Assert.Equal(1, result.ExitCode);
        var json = result.Json;
        Assert.False(json["ok"]?.GetValue<bool>());
        Assert.Contains(FlowActions.UsernamePasswordCheck, json["step"]?.GetValue<string>());
        Assert.Equal("INVALID_CREDENTIALS", json["details"]?["error"]?["code"]?.GetValue<string>());
    }

    private Dictionary<string, string> Variables(string clientId, string redirectUri, string username, string password) => new()
    {
        ["ISSUER"] = TestEnvironment.Issuer(server.BaseAddress, Id),
        ["CLIENT_ID"] = clientId,
        ["REDIRECT_URI"] = redirectUri,
        ["USERNAME"] = username,
        ["PASSWORD"] = password,
        ["SCOPE"] = "openid profile email offline_access",
    };

    /// <summary>Exit code 0 and ok:true, an ID token whose sub userinfo confirms, and a refresh that worked.</summary>
    private JsonObject AssertSucceeded(CodeFlowClient.Result result)
    {
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, $"code-flow.mjs failed against {server.BaseAddress}: {result}");
        var json = result.Json;
        Assert.True(json["ok"]?.GetValue<bool>(), result.ToString());
        var subject = json["sub"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(subject), result.ToString());
        Assert.Equal(subject, json["idTokenClaims"]?["sub"]?.GetValue<string>());
        Assert.Equal(subject, json["userinfo"]?["sub"]?.GetValue<string>());
        Assert.Equal(TestEnvironment.Issuer(server.BaseAddress, Id), json["idTokenClaims"]?["iss"]?.GetValue<string>());
        Assert.True(json["refreshed"]?.GetValue<bool>(), result.ToString());
        return json;
    }
}
