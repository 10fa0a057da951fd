using Flows.Bench;
using Flows.Bench.SignIns;

// dotnet run -c Release --project bench/Flows.Bench [iterations]        the engine benchmark (default)
// dotnet run -c Release --project bench/Flows.Bench -- signins --help   full sign-ins against a running server
if (args.Length > 0 && args[0] == "signins")
{
    return await SignInLoad.RunAsync(args[1..]);
}

await EngineBenchmark.RunAsync(args);
return 0;
