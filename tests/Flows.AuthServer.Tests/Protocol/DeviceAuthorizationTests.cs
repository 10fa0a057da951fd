using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.GrantsEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// The device authorization grant (RFC 8628): a device asks at <c>/{env}/as/device_authorization</c>, its user signs in
/// on the verification page (a flow: the user code, the application's sign-in flow, the device consent) and the device
/// polls the token endpoint for the user's tokens.
/// </summary>
public sealed class DeviceAuthorizationTests(GrantsServerFixture server) : IClassFixture<GrantsServerFixture>
{
    private const string Scope = "openid profile offline_access";

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task Discovery_advertises_the_device_authorization_endpoint_and_grant()
    {
        using var response = await _http.GetAsync(Path(".well-known/openid-configuration"));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        var issuer = TestEnvironment.Issuer(server.BaseAddress, Id);
        Assert.Equal(issuer + "/device_authorization", document["device_authorization_endpoint"]!.GetValue<string>());
        Assert.Contains(DeviceRequests.GrantType, document["grant_types_supported"]!.AsArray().Select(grant => grant!.GetValue<string>()));
    }

    [Fact]
    public async Task A_device_request_names_the_verification_page_its_code_and_the_polling_interval()
    {
        var (status, device) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);

        Assert.Equal(HttpStatusCode.OK, status);
        var page = new Uri(server.BaseAddress, $"/{Id}/device").ToString();
        Assert.Equal(page, device["verification_uri"]!.GetValue<string>());
        var userCode = device["user_code"]!.GetValue<string>();
        Assert.Equal($"{page}?user_code={Uri.EscapeDataString(userCode)}", device["verification_uri_complete"]!.GetValue<string>());
        Assert.Equal(5, device["interval"]!.GetValue<long>());
        Assert.InRange(device["expires_in"]!.GetValue<long>(), 60, 3_600);
        Assert.False(string.IsNullOrEmpty(device["device_code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_device_gets_the_users_tokens_once_its_user_completes_the_verification_flow_through_the_json_api()
    {
        var (_, device) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);
        using var browser = new Browser(server.BaseAddress);

        var flowUrl = await DeviceRequests.OpenAsync(browser, device["verification_uri"]!.GetValue<string>(), Id);
        var (_, flow) = await browser.GetFlowAsync(flowUrl);
        Assert.Equal(FlowStatuses.DeviceUserCodeRequired, flow["status"]!.GetValue<string>());
        Assert.NotNull(flow["_links"]![FlowActions.DeviceUserCodeVerify]);

        var (_, answer) = await browser.ActAsync(flowUrl, FlowAnswers.DeviceUserCode(device["user_code"]!.GetValue<string>()));
        Assert.True(FlowStatuses.UsernamePasswordRequired == answer["status"]!.GetValue<string>(), answer.ToJsonString());
        (_, answer) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(Gina, GinaPassword));
        Assert.Equal(FlowStatuses.DeviceConsentRequired, answer["status"]!.GetValue<string>());
        Assert.Equal(TvName, answer["_embedded"]!["application"]!.GetValue<string>());
        var scopes = answer["_embedded"]!["scopes"]!.AsArray().Select(scope => scope!["description"]!.GetValue<string>()).ToList();
        Assert.Contains("See your name and profile", scopes);
        (_, answer) = await browser.ActAsync(flowUrl, FlowAnswers.DeviceConsent(accept: true));
        Assert.Equal(FlowStatuses.Completed, answer["status"]!.GetValue<string>());

        Assert.Equal($"/{Id}/device/allowed", await DeviceRequests.ResumeAsync(browser, answer));
        var (status, tokens) = await DeviceRequests.PollAsync(_http, device["device_code"]!.GetValue<string>(), TvClientId, null, Id);

        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = new JwtSecurityTokenHandler().ReadJwtToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(TvClientId, idToken.Audiences.Single());
        Assert.Equal(Gina, idToken.Claims.Single(claim => claim.Type == "preferred_username").Value);
        Assert.Contains(idToken.Claims, claim => claim is { Type: "amr", Value: "pwd" });
        Assert.NotNull(tokens["refresh_token"]);
        var (userInfoStatus, userInfo) = await TokenRequests.UserInfoAsync(_http, tokens["access_token"]!.GetValue<string>(), Id);
        Assert.Equal(HttpStatusCode.OK, userInfoStatus);
        Assert.Equal(idToken.Subject, userInfo["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_device_is_told_to_wait_until_its_user_answers_and_to_slow_down_when_it_polls_too_often()
    {
        var (_, device) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);
        var deviceCode = device["device_code"]!.GetValue<string>();

        var (firstStatus, first) = await DeviceRequests.PollAsync(_http, deviceCode, TvClientId, null, Id);
        var (secondStatus, second) = await DeviceRequests.PollAsync(_http, deviceCode, TvClientId, null, Id);

        Assert.Equal((HttpStatusCode.BadRequest, "authorization_pending"), (firstStatus, first["error"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "slow_down"), (secondStatus, second["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_user_who_denies_the_device_leaves_it_access_denied()
    {
        var (_, device) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await DeviceRequests.OpenAsync(browser, device["verification_uri"]!.GetValue<string>(), Id);

        var completed = await DeviceRequests.CompleteAsync(browser, flowUrl, device["user_code"]!.GetValue<string>(), Gina, GinaPassword, accept: false);

        Assert.Equal($"/{Id}/device/denied", await DeviceRequests.ResumeAsync(browser, completed));
        var (status, answer) = await DeviceRequests.PollAsync(_http, device["device_code"]!.GetValue<string>(), TvClientId, null, Id);
        Assert.Equal((HttpStatusCode.BadRequest, "access_denied"), (status, answer["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_wrong_user_code_keeps_the_flow_at_its_step_with_an_error()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await DeviceRequests.OpenAsync(browser, $"/{Id}/device", Id);

        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.DeviceUserCode("0000-0000-0000"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.DeviceUserCodeRequired, flow["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.InvalidUserCode, flow["error"]!["code"]!.GetValue<string>());
        Assert.Null(browser.SessionToken(Id) is null ? null : flow["_embedded"]?["application"]);
    }

    [Fact]
    public async Task An_application_without_the_device_grant_is_refused_a_device_request()
    {
        var (status, answer) = await DeviceRequests.AuthorizeAsync(_http, PortalClientId, PortalSecret, "openid", Id);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unauthorized_client", answer["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_code_sent_straight_to_the_verification_endpoint_answers_no_device()
    {
        var (_, device) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync($"/{Id}/as/device/resume?user_code={Uri.EscapeDataString(device["user_code"]!.GetValue<string>())}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (status, answer) = await DeviceRequests.PollAsync(_http, device["device_code"]!.GetValue<string>(), TvClientId, null, Id);
        Assert.Equal((HttpStatusCode.BadRequest, "authorization_pending"), (status, answer["error"]!.GetValue<string>()));
    }
}
