using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Users;
using Flows.Testing;
using OtpNet;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Users;

/// <summary>
/// Someone who knows the password guesses one-time codes, starting a new flow whenever one runs out of attempts:
/// the failures count per user, so the factor locks whatever the number of flows (NIST SP 800-63B §5.2.2).
/// </summary>
public sealed class OtpGuessingAcrossFlowsTests(GuessingServerFixture server) : IClassFixture<GuessingServerFixture>
{
    [Fact]
    public async Task Wrong_codes_spread_over_several_flows_lock_the_factor_and_the_right_code_in_a_new_flow_is_then_refused()
    {
        var secret = TotpKeys.Encode(TotpKeys.Generate());
        var user = await server.CreateUserAsync("otp", secret);
        int[] wrongCodesPerFlow = [2, 2, GuessingServerFixture.MaxFailedOtpAttempts - 4];

        var afterGuesses = new List<string>();
        foreach (var wrongCodes in wrongCodesPerFlow)
        {
            var (browser, flowUrl) = await AtOtpStepAsync(user.Username);
            using (browser)
            {
                for (var attempt = 0; attempt < wrongCodes; attempt++)
                {
                    var (_, flow) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(WrongCode(secret)));
                    afterGuesses.Add(flow["status"]!.GetValue<string>());
                }
            }
        }

        var (owner, ownerFlow) = await AtOtpStepAsync(user.Username);
        using (owner)
        {
            var (_, right) = await owner.ActAsync(ownerFlow, FlowAnswers.Otp(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp()));

            Assert.All(afterGuesses.SkipLast(1), status => Assert.Equal(FlowStatuses.OtpRequired, status));
            Assert.Equal(FlowStatuses.Failed, right["status"]!.GetValue<string>());
            Assert.Equal("TOO_MANY_OTP_ATTEMPTS", right["error"]!["code"]!.GetValue<string>());
            Assert.Null(right["resumeUrl"]);
        }
    }

    /// <summary>A new browser and flow of the OTP application, past the password: at OTP_REQUIRED.</summary>
    private async Task<(Browser Browser, string FlowUrl)> AtOtpStepAsync(string username)
    {
        var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));
        var (_, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, GuessingServerFixture.PasswordOf(username)));
        Assert.Equal(FlowStatuses.OtpRequired, flow["status"]!.GetValue<string>());
        return (browser, flowUrl);
    }

    /// <summary>A code that none of the steps the server accepts now (now and one step either side) would give.</summary>
    private static string WrongCode(string secret)
    {
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var now = DateTime.UtcNow;
        var accepted = new[] { now.AddSeconds(-60), now.AddSeconds(-30), now, now.AddSeconds(30), now.AddSeconds(60) }
            .Select(time => totp.ComputeTotp(time)).ToHashSet();
        return Enumerable.Range(0, 1_000_000).Select(code => code.ToString("D6")).First(code => !accepted.Contains(code));
    }
}
