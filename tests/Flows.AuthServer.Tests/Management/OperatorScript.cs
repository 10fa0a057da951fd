using System.Diagnostics;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Management;

/// <summary>Runs the README's operator example, <c>examples/operator.sh</c>, against a test server.</summary>
public static class OperatorScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(Uri server, string environmentId)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "examples", "operator.sh"), environmentId])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FLOWS_URL"] = server.ToString().TrimEnd('/');
        start.Environment["ADMIN_CLIENT_SECRET"] = ManagementServerFixture.AdminClientSecret;
        start.Environment.Remove("ADMIN_CLIENT_ID");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"operator.sh did not finish within {Timeout.TotalSeconds} s.\nstdout:\n{await output}\nstderr:\n{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
