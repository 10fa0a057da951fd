using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Designer.Services;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OtpNet;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// The admin environment signs in with a password and an authenticator: a person's first sign-in to the designer
/// enrolls one (the key shown once, confirmed by a code), every later one asks for a code. Each test signs in as an
/// administrator of its own, created through /v1.
/// </summary>
public sealed partial class AdminSecondFactorTests(AdminSignOnServer server) : IClassFixture<AdminSignOnServer>
{
    private const string Admin = "admin";
    private const string DesignerClientId = "flows-designer";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_right_password_alone_does_not_sign_in_to_the_designer_but_asks_to_enroll_an_authenticator()
    {
        var (username, password) = await CreateAdministratorAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, redirect, _) = await StartDesignerSignInAsync(browser);

        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        using var resumed = await browser.GetAsync($"/{Admin}/as/resume?flowId={flow["id"]!.GetValue<string>()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.OtpEnrollmentRequired, flow["status"]!.GetValue<string>());
        Assert.Null(flow["resumeUrl"]);
        Assert.NotNull(flow["_links"]![FlowActions.OtpEnroll]);
        var key = flow["_embedded"]![OtpEnrollmentFields.Secret]!.GetValue<string>();
        Assert.Equal(20, Base32Encoding.ToBytes(key).Length);
        Assert.Equal($"otpauth://totp/Flows%20admin:{username}?secret={key}&issuer=Flows%20admin&algorithm=SHA1&digits=6&period=30",
            flow["_embedded"]![OtpEnrollmentFields.OtpauthUri]!.GetValue<string>());
        Assert.Equal(("Flows admin", username), (flow["_embedded"]![OtpEnrollmentFields.Issuer]!.GetValue<string>(), flow["_embedded"]![OtpEnrollmentFields.Account]!.GetValue<string>()));
        Assert.DoesNotContain(redirect, resumed.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Empty(await MfaDevicesAsync(username));
    }

    [Fact]
    public async Task Enrolling_with_a_code_of_the_shown_key_signs_in_with_otp_and_mfa()
    {
        var (username, password) = await CreateAdministratorAsync();
        var authenticator = new TotpAuthenticator();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, redirect, pkce) = await StartDesignerSignInAsync(browser);

        var completed = await SignIn.CompleteWithAuthenticatorAsync(browser, flowUrl, username, password, authenticator);
        var code = SignIn.Parameters(await SignIn.ResumeAsync(browser, completed))["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(_http, code, redirect, pkce.Verifier, DesignerClientId, secret: null, environment: Admin);

        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(["pwd", "otp", "mfa"], idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
        Assert.Equal("mfa", idToken.GetClaim("acr").Value);
        Assert.Single(await MfaDevicesAsync(username));
    }

    [Fact]
    public async Task The_next_sign_in_asks_for_a_code_and_refuses_the_one_that_enrolled()
    {
        var (username, password) = await CreateAdministratorAsync();
        var authenticator = new TotpAuthenticator();
        var enrollingCode = await EnrollAsync(username, password, authenticator);
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await StartDesignerSignInAsync(browser);

        var (_, otpStep) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        var (_, replayed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(enrollingCode));
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(await authenticator.NextCodeAsync()));

        Assert.Equal(FlowStatuses.OtpRequired, otpStep["status"]!.GetValue<string>());
        Assert.Null(otpStep["_embedded"]![OtpEnrollmentFields.Secret]);
        Assert.Equal((FlowStatuses.OtpRequired, "INVALID_OTP"), (replayed["status"]!.GetValue<string>(), replayed["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_enrollment_code_keeps_the_step_and_its_key_with_an_error_and_stores_nothing()
    {
        var (username, password) = await CreateAdministratorAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await StartDesignerSignInAsync(browser);
        var (_, enrollment) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        var key = enrollment["_embedded"]![OtpEnrollmentFields.Secret]!.GetValue<string>();

        var (status, refused) = await browser.ActAsync(flowUrl, FlowAnswers.OtpEnroll(WrongCode(key)));
        var (_, refusedAgain) = await browser.ActAsync(flowUrl, FlowAnswers.OtpEnroll(WrongCode(key)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((FlowStatuses.OtpEnrollmentRequired, "INVALID_OTP"), (refused["status"]!.GetValue<string>(), refused["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(key, refusedAgain["_embedded"]![OtpEnrollmentFields.Secret]!.GetValue<string>());
        Assert.Equal(3, refusedAgain["_embedded"]![OtpEnrollmentFields.RemainingAttempts]!.GetValue<int>());
        Assert.Empty(await MfaDevicesAsync(username));
    }

    [Fact]
    public async Task Five_wrong_enrollment_codes_end_the_sign_in_without_a_key()
    {
        var (username, password) = await CreateAdministratorAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await StartDesignerSignInAsync(browser);
        var (_, enrollment) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        var key = enrollment["_embedded"]![OtpEnrollmentFields.Secret]!.GetValue<string>();

        JsonObject flow = enrollment;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            (_, flow) = await browser.ActAsync(flowUrl, FlowAnswers.OtpEnroll(WrongCode(key)));
        }

        Assert.Equal((FlowStatuses.Failed, "TOO_MANY_OTP_ATTEMPTS"), (flow["status"]!.GetValue<string>(), flow["error"]!["code"]!.GetValue<string>()));
        Assert.Empty(await MfaDevicesAsync(username));
    }

    [Fact]
    public async Task The_key_being_enrolled_stays_out_of_the_operator_views_and_the_logs_and_no_cache_keeps_it()
    {
        var (username, password) = await CreateAdministratorAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await StartDesignerSignInAsync(browser);
        using var content = Browser.ActionContent(FlowAnswers.UsernamePassword(username, password));
        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, flowUrl) { Content = content });
        var flow = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var flowId = flow["id"]!.GetValue<string>();
        var key = flow["_embedded"]![OtpEnrollmentFields.Secret]!.GetValue<string>();

        var inspected = await Api.GetAsync($"/v1/environments/{Admin}/flowInstances/{flowId}", await Api.TokenAsync());
        await using var scope = server.Services.CreateAsyncScope();
        // The operator console's own source, beneath the check of who may open it.
        var console = await scope.ServiceProvider.GetRequiredService<global::Flows.AuthServer.Designer.Adapters.ServerDesignerInstances>().GetAsync(flowId);

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, inspected.Status);
        Assert.Equal(FlowStatuses.OtpEnrollmentRequired, inspected.Body["currentStep"]!["prompt"]!["status"]!.GetValue<string>());
        var text = inspected.Body.ToJsonString();
        Assert.DoesNotContain(key, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("otpauth:", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("[hidden]", inspected.Body["currentStep"]!["prompt"]!["data"]![OtpEnrollmentFields.Secret]!.GetValue<string>());
        Assert.Equal("[hidden]", inspected.Body["context"]!["variables"]!["enrollOtp.pendingSecret"]!.GetValue<string>());
        Assert.DoesNotContain(key, System.Text.Json.JsonSerializer.Serialize(console), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key, server.Logs.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_enrollment_page_shows_the_qr_code_and_the_key_and_enrolls_without_javascript()
    {
        var (username, password) = await CreateAdministratorAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await StartDesignerSignInAsync(browser);
        var (_, enrollment) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        var flowId = enrollment["id"]!.GetValue<string>();
        var key = enrollment["_embedded"]![OtpEnrollmentFields.Secret]!.GetValue<string>();
        var signOn = $"/{Admin}/signon?flowId={flowId}";

        using var page = await browser.GetAsync(signOn);
        var html = await page.Content.ReadAsStringAsync();
        var withoutToken = await PostFormAsync(browser, signOn, new() { [OtpEnrollmentFields.Code] = "123456" });
        var enrolled = await PostFormAsync(browser, signOn, new()
        {
            [OtpEnrollmentFields.Code] = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(),
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(html).Groups[1].Value,
        });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Set up your authenticator app</h1>", html, StringComparison.Ordinal);
        Assert.Matches(QrCodeImage(), html);
        Assert.Contains(string.Join(' ', key.Chunk(4).Select(chunk => new string(chunk))), html, StringComparison.Ordinal);
        Assert.Contains($"Flows admin: {username}", html, StringComparison.Ordinal);
        Assert.Contains("handler=OtpEnroll", html, StringComparison.Ordinal);
        Assert.Equal([OtpEnrollmentFields.Code], HostedPageForm.Read(html).Fields);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        Assert.Equal($"/{Admin}/as/resume?flowId={flowId}", enrolled.Headers.Location!.ToString());
        Assert.Single(await MfaDevicesAsync(username));
    }

    /// <summary>A new user of the admin environment, with a password of its own.</summary>
    private async Task<(string Username, string Password)> CreateAdministratorAsync()
    {
        var username = ManagementUsers.UniqueName("operator");
        var password = ManagementUsers.PasswordOf(username);
        var created = await Api.PostAsync($"/v1/environments/{Admin}/users", await Api.TokenAsync(), new { username, password });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (username, password);
    }

    /// <summary>Starts the designer's sign-in (code + PKCE with its registered redirect URI); returns the flow's URL.</summary>
    private async Task<(string FlowUrl, string Redirect, Pkce Pkce)> StartDesignerSignInAsync(Browser browser)
    {
        var designer = await Api.GetAsync($"/v1/environments/{Admin}/applications/{DesignerClientId}", await Api.TokenAsync());
        var redirect = designer.Body["redirectUris"]!.AsArray()[0]!.GetValue<string>();
        var pkce = Pkce.New();
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(DesignerClientId, redirect, pkce, scope: "openid profile", environment: Admin), Admin);
        return (flowUrl, redirect, pkce);
    }

    /// <summary>Signs in once, enrolling the authenticator with the key shown; returns the code that enrolled it.</summary>
    private async Task<string> EnrollAsync(string username, string password, TotpAuthenticator authenticator)
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await StartDesignerSignInAsync(browser);
        var (_, enrollment) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        authenticator.Enroll(enrollment["_embedded"]![OtpEnrollmentFields.Secret]!.GetValue<string>());
        var code = await authenticator.NextCodeAsync();
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.OtpEnroll(code));
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
        return code;
    }

    /// <summary>A code that matches no step within the drift window.</summary>
    private static string WrongCode(string key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(key));
        var valid = new[] { -60, -30, 0, 30, 60 }.Select(seconds => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(seconds))).ToHashSet();
        return Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6")).First(code => !valid.Contains(code));
    }

    /// <summary>The user's authenticators as /v1 lists them.</summary>
    private async Task<JsonArray> MfaDevicesAsync(string username)
    {
        var token = await Api.TokenAsync();
        var user = await Api.GetAsync($"/v1/environments/{Admin}/users?username={username}&exact=true", token);
        var id = user.Body["items"]!.AsArray().Single()!["id"]!.GetValue<string>();
        return (await Api.GetAsync($"/v1/environments/{Admin}/users/{id}/mfaDevices", token)).Body["items"]!.AsArray();
    }

    private static async Task<HttpResponseMessage> PostFormAsync(Browser browser, string url, Dictionary<string, string> fields) =>
        await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, url + "&handler=OtpEnroll") { Content = new FormUrlEncodedContent(fields) });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<img class=\"qr-code\" src=\"data:image/png;base64,[^\"]{200,}\" alt=\"QR code of the key for Flows admin: ")]
    private static partial Regex QrCodeImage();
}
