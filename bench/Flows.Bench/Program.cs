using Flows.Bench;
using Flows.Bench.Designer;
using Flows.Bench.Instances;
using Flows.Bench.SignIns;
using Flows.Bench.Statements;

// dotnet run -c Release --project bench/Flows.Bench [iterations]        the engine benchmark (default)
// dotnet run -c Release --project bench/Flows.Bench -- signins --help   full sign-ins against a running server
// dotnet run -c Release --project bench/Flows.Bench -- instances        the management API over 100,000 stored instances
// dotnet run -c Release --project bench/Flows.Bench -- funnel           a flow version's funnel over 100,000 stored instances
// dotnet run -c Release --project bench/Flows.Bench -- statements       CPU of a database statement of a sign-in: EF Core, compiled, ADO.NET
// dotnet run -c Release --project bench/Flows.Bench -- designer         /designer in chromium: a 60-node flow, 10,000 waiting sign-ins
if (args.Length > 0 && args[0] == "designer")
{
    return await DesignerBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "funnel")
{
    return await FunnelBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "instances")
{
    return await InstanceBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "statements")
{
    return await StatementCost.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "signins")
{
    return await SignInLoad.RunAsync(args[1..]);
}

await EngineBenchmark.RunAsync(args);
return 0;
