using System.Diagnostics;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// The identifier-first sign-in of an unknown username costs what a known one's costs: the password step spends a
/// hash for it too. Measured on a server that hashes at a real cost, so that a skipped hash would stand out of the noise.
/// </summary>
public sealed class IdentifierFirstTimingTests(IdentifierFirstTimingTests.SlowHashingServer server)
    : IClassFixture<IdentifierFirstTimingTests.SlowHashingServer>, IDisposable
{
    // About 30-60 ms a hash here: far above the noise of a loopback request, far below a slow test.
    private const int Iterations = 100_000;
    private const int Rounds = 8;

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task An_unknown_username_takes_as_long_as_a_known_one_with_a_wrong_password()
    {
        var api = new ManagementApi(_http);
        var environment = await ManagedSignInEnvironment.CreateAsync(api, "timing");
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = "customer-sign-in" });
        await SignInAttemptAsync(environment, clientId, "warm-up");

        var known = new List<double>();
        var unknown = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            // Interleaved, so that a slow moment of the machine weighs on both alike.
            known.Add(await SignInAttemptAsync(environment, clientId, ManagedSignInEnvironment.Username));
            unknown.Add(await SignInAttemptAsync(environment, clientId, $"nobody{round}"));
        }

        // Without the dummy hash the unknown attempts cost a fraction of the known ones (0.15 when it was taken out);
        // the band is wide enough for a machine running the whole suite, and far from that.
        var ratio = Median(unknown) / Median(known);
        Assert.True(ratio is >= 0.5 and <= 2.0,
            $"unknown / known = {ratio:F2}; known {string.Join(", ", known.Select(ms => Math.Round(ms)))} ms; unknown {string.Join(", ", unknown.Select(ms => Math.Round(ms)))} ms");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Looks the username up and sends a wrong password; returns the milliseconds of the two answers.</summary>
    private async Task<double> SignInAttemptAsync(ManagedSignInEnvironment environment, string clientId, string username)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var watch = Stopwatch.StartNew();
        await browser.ActAsync(flowUrl, FlowActions.UserLookup, new { username });
        var (_, refused) = await browser.ActAsync(flowUrl, FlowActions.UsernamePasswordCheck, new { password = "a wrong password" });
        watch.Stop();
        Assert.Equal("INVALID_CREDENTIALS", refused["error"]!["code"]!.GetValue<string>());
        return watch.Elapsed.TotalMilliseconds;
    }

    // The median, not the mean: one request that waited on the scheduler must not decide.
    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The management test server, hashing passwords at a real cost.</summary>
    public sealed class SlowHashingServer : ManagementServerFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Flows:Passwords:Iterations", Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
