using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;

namespace Flows.AuthServer.Tests.SignOn;

/// <summary>
/// Remember this device over real HTTP, on the shipped adaptive flow: the step and its cookie, a remembered browser
/// that skips the second factor, and every way it is forgotten (a new password, <c>/v1</c>, a removed device, a
/// forged cookie).
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class RememberedDeviceFlowTests(ManagementServerFixture server) : IDisposable
{
    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task After_a_code_the_user_is_asked_to_remember_the_browser_and_a_yes_sets_a_restricted_cookie()
    {
        var (environment, clientId, app) = await EnvironmentAsync();
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await AtRememberStepAsync(browser, environment, clientId, app);

        var (_, asked) = await browser.GetFlowAsync(flowUrl);
        using var remembered = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, flowUrl)
        {
            Content = Browser.ActionContent("device.remember", new { remember = true }),
        });
        var completed = JsonNode.Parse(await remembered.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal("REMEMBER_DEVICE_REQUIRED", asked["status"]!.GetValue<string>());
        Assert.Equal(30, asked["_embedded"]!["days"]!.GetValue<int>());
        Assert.NotNull(asked["_links"]!["device.remember"]);
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        var cookie = Assert.Single(remembered.Headers.GetValues("Set-Cookie"), header => header.StartsWith("RD.", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"path=/{environment.Id}", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_remembered_browser_signs_in_with_the_password_alone_and_another_browser_does_not()
    {
        var (environment, clientId, app) = await EnvironmentAsync();
        using var browser = new Browser(server.BaseAddress);
        await RememberAsync(browser, environment, clientId, app);

        using var later = WithoutSession(browser);
        var (_, again) = await PasswordAsync(later, environment, clientId);
        using var other = new Browser(server.BaseAddress);
        var (_, elsewhere) = await PasswordAsync(other, environment, clientId);

        Assert.Equal("COMPLETED", again["status"]!.GetValue<string>());
        Assert.Equal("OTP_REQUIRED", elsewhere["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Declining_remembers_nothing()
    {
        var (environment, clientId, app) = await EnvironmentAsync();
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await AtRememberStepAsync(browser, environment, clientId, app);

        var (_, declined) = await browser.ActAsync(flowUrl, "device.remember", new { remember = false });
        using var later = WithoutSession(browser);
        var (_, again) = await PasswordAsync(later, environment, clientId);

        Assert.Equal("COMPLETED", declined["status"]!.GetValue<string>());
        Assert.Equal("OTP_REQUIRED", again["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_password_forgets_the_remembered_browser()
    {
        var (environment, clientId, app) = await EnvironmentAsync();
        using var browser = new Browser(server.BaseAddress);
        await RememberAsync(browser, environment, clientId, app);
        const string newPassword = "erin-new-password-2";

        var set = await Api.PutAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}/password", environment.Token, new { newPassword });
        using var later = WithoutSession(browser);
        var (_, again) = await PasswordAsync(later, environment, clientId, newPassword);

        Assert.Equal(HttpStatusCode.NoContent, set.Status);
        Assert.Equal("OTP_REQUIRED", again["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Forgetting_through_v1_asks_every_remembered_browser_for_the_second_factor_again()
    {
        var (environment, clientId, app) = await EnvironmentAsync();
        using var browser = new Browser(server.BaseAddress);
        await RememberAsync(browser, environment, clientId, app);
        var path = $"/v1/environments/{environment.Id}/users/{environment.UserId}/rememberedDevices";

        var forgotten = await Api.DeleteAsync(path, environment.Token);
        var unknownUser = await Api.DeleteAsync($"/v1/environments/{environment.Id}/users/nobody/rememberedDevices", environment.Token);
        using var later = WithoutSession(browser);
        var (_, again) = await PasswordAsync(later, environment, clientId);

        Assert.Equal(HttpStatusCode.NoContent, forgotten.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.Status);
        Assert.Equal("OTP_REQUIRED", again["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Removing_the_authenticator_forgets_the_browser_too()
    {
        var (environment, clientId, app) = await EnvironmentAsync();
        using var browser = new Browser(server.BaseAddress);
        await RememberAsync(browser, environment, clientId, app);

        var removed = await Api.DeleteAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}/mfaDevices/totp", environment.Token);
        using var later = WithoutSession(browser);
        var (_, again) = await PasswordAsync(later, environment, clientId);

        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        Assert.Equal("MFA_ENROLLMENT_SELECTION_REQUIRED", again["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forged_or_altered_cookie_counts_for_nothing()
    {
        var (environment, clientId, app) = await EnvironmentAsync();
        using var browser = new Browser(server.BaseAddress);
        await RememberAsync(browser, environment, clientId, app);
        var cookie = browser.Cookies.GetAllCookies().Single(c => c.Name.StartsWith("RD.", StringComparison.Ordinal));
        using var forger = new Browser(server.BaseAddress);
        forger.Cookies.Add(new Cookie(cookie.Name, cookie.Value[..^4] + "AAAA", $"/{environment.Id}", server.BaseAddress.Host));

        var (_, forged) = await PasswordAsync(forger, environment, clientId);

        Assert.Equal("OTP_REQUIRED", forged["status"]!.GetValue<string>());
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// The same browser once its sign-on session is over (signed out, or the session expired): it keeps only the
    /// remembered-device cookies, so the next sign-in runs the flow rather than single sign-on.
    /// </summary>
    private Browser WithoutSession(Browser browser)
    {
        var later = new Browser(server.BaseAddress);
        foreach (var cookie in browser.Cookies.GetAllCookies().Where(cookie => cookie.Name.StartsWith("RD.", StringComparison.Ordinal)))
        {
            later.Cookies.Add(cookie);
        }

        return later;
    }

    /// <summary>An environment with erin (an authenticator app) and an application on the adaptive flow.</summary>
    private async Task<(ManagedSignInEnvironment Environment, string ClientId, TotpAuthenticator App)> EnvironmentAsync()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "remember");
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = "adaptive-mfa" });
        var app = new TotpAuthenticator();
        app.Enroll(environment.TotpSecret);
        return (environment, clientId, app);
    }

    private static async Task<(string FlowUrl, JsonObject Flow)> PasswordAsync(
        Browser browser, ManagedSignInEnvironment environment, string clientId, string password = ManagedSignInEnvironment.Password)
    {
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (_, flow) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password });
        return (flowUrl, flow);
    }

    private static async Task<string> AtRememberStepAsync(Browser browser, ManagedSignInEnvironment environment, string clientId, TotpAuthenticator app)
    {
        var (flowUrl, asked) = await PasswordAsync(browser, environment, clientId);
        Assert.Equal("OTP_REQUIRED", asked["status"]!.GetValue<string>());
        var (_, next) = await browser.ActAsync(flowUrl, "otp.check", new { otp = await app.NextCodeAsync() });
        Assert.Equal("REMEMBER_DEVICE_REQUIRED", next["status"]!.GetValue<string>());
        return flowUrl;
    }

    private static async Task RememberAsync(Browser browser, ManagedSignInEnvironment environment, string clientId, TotpAuthenticator app)
    {
        var flowUrl = await AtRememberStepAsync(browser, environment, clientId, app);
        var (_, completed) = await browser.ActAsync(flowUrl, "device.remember", new { remember = true });
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
    }
}
