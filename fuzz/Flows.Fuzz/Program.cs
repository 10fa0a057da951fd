using Flows.Fuzz;

// dotnet run -c Release --project fuzz/Flows.Fuzz -- --target http://127.0.0.1:5000 [--seconds N | --requests N]
//   [--seed N] [--concurrency N] [--environment test] [--admin-secret S]   (or FLOWS_FUZZ_ADMIN_SECRET)
// Prints the requests sent by status class; exits 1 when any answer was a 5xx. scripts/fuzz.sh starts a server for it.
var arguments = args.Select((value, index) => (value, index)).Where(pair => pair.value.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(pair => pair.value[2..], pair => pair.index + 1 < args.Length ? args[pair.index + 1] : "");
string? Option(string name) => arguments.TryGetValue(name, out var value) ? value : null;

var target = new FuzzTarget(new Uri(Option("target") ?? "http://127.0.0.1:5000/"))
{
    Environment = Option("environment") ?? "test",
    AdminClientSecret = Option("admin-secret") ?? Environment.GetEnvironmentVariable("FLOWS_FUZZ_ADMIN_SECRET"),
};
var options = new FuzzOptions
{
    Seed = int.Parse(Option("seed") ?? "1", System.Globalization.CultureInfo.InvariantCulture),
    Concurrency = int.Parse(Option("concurrency") ?? "2", System.Globalization.CultureInfo.InvariantCulture),
    Requests = Option("requests") is { } requests ? long.Parse(requests, System.Globalization.CultureInfo.InvariantCulture) : null,
    Duration = TimeSpan.FromSeconds(double.Parse(Option("seconds") ?? (Option("requests") is null ? "60" : "1e9"), System.Globalization.CultureInfo.InvariantCulture)),
};

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) => { press.Cancel = true; stop.Cancel(); };
Console.WriteLine($"Fuzzing {target.BaseAddress} (environment {target.Environment}, seed {options.Seed}, {options.Concurrency} workers, {Fuzzer.Endpoints.Count} endpoints)");
var report = await new Fuzzer(target, options).RunAsync(stop.Token);
report.Print(Console.Out);
return report.ServerErrors == 0 ? 0 : 1;
