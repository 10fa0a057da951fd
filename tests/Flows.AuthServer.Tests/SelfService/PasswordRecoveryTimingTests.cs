using System.Diagnostics;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Messaging;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// "Forgot password?" for an unknown username answers as fast as for a user whose code is mailed: the mail goes out
/// after the answer, so its time cannot tell the two apart. The environment's mail server is made slow to answer, so
/// that a mail sent inside the request would stand far above the noise of a shared machine.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class PasswordRecoveryTimingTests(MessagingServerFixture server) : IDisposable
{
    private const int Rounds = 7;

    private readonly HttpClient _http = server.CreateRawClient();
    private readonly SlowMailRelay _slowMail = new(server.Mail.Port, TimeSpan.FromMilliseconds(800));

    [Fact]
    public async Task An_unknown_username_is_answered_as_fast_as_a_user_whose_code_is_mailed()
    {
        var environment = await RecoveryEnvironment.CreateAsync(new ManagementApi(_http), server, "rctime",
            new System.Text.Json.Nodes.JsonObject { ["maxResends"] = 0 }, _slowMail.Port);
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

        // A mail sent inside the request would add the whole delay to every known answer; half of it is far above noise.
        var difference = Median(known) - Median(unknown);
        Assert.True(difference < _slowMail.Delay.TotalMilliseconds / 2,
            $"known {string.Join(", ", known.Select(ms => Math.Round(ms)))} ms; unknown {string.Join(", ", unknown.Select(ms => Math.Round(ms)))} ms");

        // Every known request's mail arrives after all (and none is left to hold up the next test's).
        await WaitForMailsAsync(environment.Address, Rounds + 1);
    }

    public void Dispose()
    {
        _slowMail.Dispose();
        _http.Dispose();
    }

    private async Task WaitForMailsAsync(string address, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (server.Mail.To(address).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(count, server.Mail.To(address).Count);
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
