using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
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
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, answer["status"]!.GetValue<string>());
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
    }

    [Fact]
    public async Task An_expired_user_code_is_reported_as_expired_and_its_device_gets_expired_token()
    {
        var (_, device) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);
        var userCode = device["user_code"]!.GetValue<string>();
        var deviceCode = device["device_code"]!.GetValue<string>();
        await ExpireAsync(userCode.Replace("-", ""), deviceCode);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await DeviceRequests.OpenAsync(browser, $"/{Id}/device", Id);

        var (_, flow) = await browser.ActAsync(flowUrl, FlowAnswers.DeviceUserCode(userCode));

        Assert.Equal(FlowStatuses.DeviceUserCodeRequired, flow["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.ExpiredUserCode, flow["error"]!["code"]!.GetValue<string>());
        var (status, answer) = await DeviceRequests.PollAsync(_http, deviceCode, TvClientId, null, Id);
        Assert.Equal((HttpStatusCode.BadRequest, "expired_token"), (status, answer["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_device_gets_the_users_tokens_once_its_user_completes_the_hosted_verification_pages()
    {
        var (_, device) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);
        var userCode = device["user_code"]!.GetValue<string>();
        using var browser = new Browser(server.BaseAddress);
        using var start = await browser.GetAsync(device["verification_uri_complete"]!.GetValue<string>());
        var page = start.Headers.Location!.ToString();

        // verification_uri_complete only prefills the code: the user still confirms it (RFC 8628 §5.4).
        using var codePage = await browser.GetAsync(page);
        var html = await codePage.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{userCode}\"", html);
        var next = await SubmitAsync(browser, HostedPageForm.Read(html), new Dictionary<string, string> { [DeviceAuthorizationFields.UserCode] = userCode });
        next = await SubmitAsync(browser, await HostedPageForm.OpenAsync(browser, next),
            new Dictionary<string, string> { [UsernamePasswordFields.Username] = Gina, [UsernamePasswordFields.Password] = GinaPassword });
        using var consentPage = await browser.GetAsync(next);
        var consent = await consentPage.Content.ReadAsStringAsync();
        Assert.Contains(TvName, consent);
        Assert.Contains("See your name and profile", consent);
        var resume = await SubmitAsync(browser, HostedPageForm.Read(consent), new Dictionary<string, string>(), accept: "true");
        using var resumed = await browser.GetAsync(resume);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        using var landed = await browser.GetAsync(resumed.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Contains("Your device is connected", await landed.Content.ReadAsStringAsync());
        var (status, tokens) = await DeviceRequests.PollAsync(_http, device["device_code"]!.GetValue<string>(), TvClientId, null, Id);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(tokens["id_token"]);
    }

    [Fact]
    public async Task A_browser_already_signed_in_to_the_applications_flow_only_confirms_the_device()
    {
        using var browser = new Browser(server.BaseAddress);
        var (_, first) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);
        var firstFlow = await DeviceRequests.OpenAsync(browser, $"/{Id}/device", Id);
        await DeviceRequests.ResumeAsync(browser,
            await DeviceRequests.CompleteAsync(browser, firstFlow, first["user_code"]!.GetValue<string>(), Gina, GinaPassword));
        var (_, second) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);
        var secondFlow = await DeviceRequests.OpenAsync(browser, $"/{Id}/device", Id);

        var (_, flow) = await browser.ActAsync(secondFlow, FlowAnswers.DeviceUserCode(second["user_code"]!.GetValue<string>()));

        Assert.Equal(FlowStatuses.DeviceConsentRequired, flow["status"]!.GetValue<string>());
        (_, flow) = await browser.ActAsync(secondFlow, FlowAnswers.DeviceConsent(accept: true));
        await DeviceRequests.ResumeAsync(browser, flow);
        var (status, tokens) = await DeviceRequests.PollAsync(_http, second["device_code"]!.GetValue<string>(), TvClientId, null, Id);
        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = new JwtSecurityTokenHandler().ReadJwtToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(Gina, idToken.Claims.Single(claim => claim.Type == "preferred_username").Value);
    }

    [Fact]
    public async Task A_verification_flow_resumes_once_only_for_the_browser_that_completed_it()
    {
        var (_, device) = await DeviceRequests.AuthorizeAsync(_http, TvClientId, null, Scope, Id);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await DeviceRequests.OpenAsync(browser, $"/{Id}/device", Id);
        var completed = await DeviceRequests.CompleteAsync(browser, flowUrl, device["user_code"]!.GetValue<string>(), Gina, GinaPassword);
        using var stranger = new Browser(server.BaseAddress);

        using var stolen = await stranger.GetAsync(completed["resumeUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        await DeviceRequests.ResumeAsync(browser, completed);
        using var again = await browser.GetAsync(completed["resumeUrl"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    /// <summary>Moves the user code and device code past their expiry, as their lifetime passing would.</summary>
    private async Task ExpireAsync(params string[] referenceIds)
    {
        using var scope = server.Services.CreateScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        foreach (var referenceId in referenceIds)
        {
            var token = await tokens.FindByReferenceIdAsync(referenceId) ?? throw new InvalidOperationException($"No token {referenceId}.");
            var descriptor = new OpenIddictTokenDescriptor();
            await tokens.PopulateAsync(descriptor, token);
            descriptor.ExpirationDate = DateTimeOffset.UtcNow.AddMinutes(-1);
            await tokens.UpdateAsync(token, descriptor);
        }
    }

    /// <summary>Posts a hosted page's form as a browser does (its antiforgery token, the typed fields, the button pressed); returns where it redirects.</summary>
    private static async Task<string> SubmitAsync(Browser browser, HostedPageForm form, Dictionary<string, string> typed, string? accept = null)
    {
        var values = form.Hidden.Concat(typed).ToList();
        if (accept is not null)
        {
            values.Add(KeyValuePair.Create(DeviceAuthorizationFields.Accept, accept));
        }

        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(values) });
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.ToString();
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
