using System.Net;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// Nothing lives only in memory: a sign-in started before a restart finishes after it, and tokens issued
/// before it still verify (signing keys and Data Protection keys are in the database).
/// </summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_sign_in_interrupted_by_a_restart_continues_and_earlier_tokens_stay_valid()
    {
        IAsyncLifetime first = new ServerFixture { KeepDatabase = true };
        await first.InitializeAsync();
        var before = (ServerFixture)first;
        var pkce = Pkce.New();
        using var http = before.CreateRawClient();
        var (_, service) = await TokenRequests.PostAsync(http, "/test/as/token", new() { ["grant_type"] = "client_credentials" }, ServiceClientId, ServiceSecret);
        var browser = new Browser(before.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, pkce));
        var (_, otpStep) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(Alice, AlicePassword));
        var cookies = browser.Cookies.GetAllCookies();

        await first.DisposeAsync();
        IAsyncLifetime second = before.CreateSuccessor();
        await second.InitializeAsync();
        var after = (ServerFixture)second;
        try
        {
            using var resumed = new Browser(after.BaseAddress);
            foreach (Cookie cookie in cookies)
            {
                resumed.Cookies.Add(after.BaseAddress, new Cookie(cookie.Name, cookie.Value, cookie.Path));
            }

            var otp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(AliceTotpSecret)).ComputeTotp();
            var (_, completed) = await resumed.ActAsync(flowUrl, FlowAnswers.Otp(otp));
            var code = SignIn.Parameters(await SignIn.ResumeAsync(resumed, completed))["code"];
            using var afterHttp = after.CreateRawClient();
            var (status, _) = await TokenRequests.RedeemCodeAsync(afterHttp, code, SpaRedirect, pkce.Verifier, SpaClientId, secret: null);
            var introspection = await TokenRequests.PostAsync(afterHttp, "/test/as/introspect",
                new() { ["token"] = service["access_token"]!.GetValue<string>() }, ServiceClientId, ServiceSecret);

            Assert.Equal(FlowStatuses.OtpRequired, otpStep["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(introspection.Body["active"]!.GetValue<bool>());
        }
        finally
        {
            await second.DisposeAsync();
            browser.Dispose();
        }
    }
}
