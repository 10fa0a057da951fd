using System.Diagnostics;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Messaging;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// "Forgot password?" for an unknown username answers as fast as for a user whose code is mailed: the mail goes out
/// after the answer, so its time (an SMTP exchange with a real server) cannot tell the two apart.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class PasswordRecoveryTimingTests(MessagingServerFixture server)
{
    private const int Rounds = 10;

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task An_unknown_username_is_answered_as_fast_as_a_user_whose_code_is_mailed()
    {
        var environment = await RecoveryEnvironment.CreateAsync(new ManagementApi(_http), server, "rctime",
            new System.Text.Json.Nodes.JsonObject { ["maxResends"] = 0 });
        await ForgetAsync(environment, "warm-up");
        await ForgetAsync(environment, ManagedSignInEnvironment.Username);

        var known = new List<double>();
        var unknown = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            // Interleaved, so that a slow moment of the machine weighs on both alike.
            known.Add(await ForgetAsync(environment, ManagedSignInEnvironment.Username));
            unknown.Add(await ForgetAsync(environment, $"nobody{round}"));
        }

        var ratio = Median(known) / Median(unknown);
        Assert.InRange(ratio, 0.6, 1.67);
        Assert.True(server.Mail.To(environment.Address).Count >= 1);
    }

    /// <summary>Starts a sign-in and answers "Forgot password?"; the milliseconds of that answer.</summary>
    private async Task<double> ForgetAsync(RecoveryEnvironment environment, string username)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.Environment.FlowUrlOf(await browser.GetAsync(environment.Environment.Authorize(environment.ClientId)));
        var watch = Stopwatch.StartNew();
        var (status, _) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordForgot(username));
        watch.Stop();
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        return watch.Elapsed.TotalMilliseconds;
    }

    // The median, not the mean: one request that waited on the scheduler must not decide.
    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
