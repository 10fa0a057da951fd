using System.Diagnostics;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Management;

/// <summary>Runs the README's operator example, <c>examples/operator.sh</c>, against a test server.</summary>
public static class OperatorScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(Uri server, string environmentId)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "examples", "operator.sh"), environmentId]);
        start.Environment["FLOWS_URL"] = server.ToString().TrimEnd('/');
        start.Environment["ADMIN_CLIENT_SECRET"] = ManagementServerFixture.AdminClientSecret;
        start.Environment.Remove("ADMIN_CLIENT_ID");
        return await ExternalProcess.RunAsync(start, Timeout, "operator.sh");
    }
}
