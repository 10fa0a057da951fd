namespace Flows.Bench.Instances;

/// <summary>
/// <c>funnel</c>: the funnel of one flow version over every stored instance. Seeds the instances (all on version 1 of
/// password-then-otp), starts the server on them and times <c>GET …/flows/{id}/funnel</c> over HTTP — the whole period,
/// and the last week — against a target of 300 ms.
/// </summary>
internal static class FunnelBenchmark
{
    private const string Funnel = $"/v1/environments/{InstanceSeeder.Environment}/flows/{InstanceSeeder.FunnelFlow}/funnel?version=1";
    private const double Target = 300;
    private const int MaxDays = 6;

    public static Task<int> RunAsync(string[] args) => InstanceBenchmark.RunAsync(
        args,
        "funnel",
        // Within the server's seven-day retention, so the purge it runs at start leaves every seeded run to count.
        options => new InstanceSeeder(options.Instances, Math.Min(options.Days, MaxDays), DateTimeOffset.UtcNow, firstVersionOnly: true),
        MeasureAsync);

    private static async Task<List<InstanceBenchmark.Row>> MeasureAsync(HttpClient http, InstanceBenchOptions options)
    {
        var whole = await InstanceBenchmark.GetJsonAsync(http, Funnel);
        Console.Error.WriteLine($"  the funnel counts {whole["runs"]} runs");
        var lastWeek = $"{Funnel}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-7).ToString("O"))}";
        return
        [
            await InstanceBenchmark.TimeAsync(http, options, "funnel, every run", Target, _ => Funnel),
            await InstanceBenchmark.TimeAsync(http, options, "funnel, last 7 days", Target, _ => lastWeek),
        ];
    }
}
