using Flows.AuthServer.Failures;
using Flows.Fuzz;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The in-repo fuzzer (<c>fuzz/Flows.Fuzz</c>), briefly and with a fixed seed: hundreds of random and malformed requests
/// — bodies, headers, methods, encodings — to every endpoint in turn, with live flows, codes and tokens mixed in. None
/// may get a 5xx, or leave an unhandled exception in the log. <c>scripts/fuzz.sh</c> runs the same fuzzer for longer.
/// </summary>
[Collection(RobustReadingCollection.Name)]
public sealed class RequestFuzzingTests(RobustReadingServer server)
{
    private const int Rounds = 12;

    [Fact]
    public async Task Random_requests_to_every_endpoint_never_get_a_server_error()
    {
        var logged = server.Logs.Entries.Count;
        var requests = Rounds * Fuzzer.Endpoints.Count;

        var report = await new Fuzzer(server.FuzzTarget, new FuzzOptions { Seed = 2_026, Requests = requests, Concurrency = 1 }).RunAsync();

        var summary = new StringWriter();
        report.Print(summary);
        Assert.True(report.ServerErrors == 0 && report.Unanswered == 0, summary.ToString());
        Assert.Equal(requests, report.Sent);
        Assert.All(Fuzzer.Endpoints, endpoint => Assert.Equal(Rounds, report.SentTo(endpoint.Name)));
        Assert.Empty(report.Missing);
        Assert.DoesNotContain(server.Logs.Entries.Skip(logged), entry => entry.Category == ErrorTrace.Category && entry.Level >= LogLevel.Error);
    }
}
