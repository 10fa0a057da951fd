using System.Diagnostics;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>Runs a program the tests drive from outside (a Node.js client, a shell script) to its end, within a time limit.</summary>
public static class ExternalProcess
{
    /// <summary>Its exit code and what it printed; a run past <paramref name="timeout"/> is killed and reported with its output.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(ProcessStartInfo start, TimeSpan timeout, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not finish within {timeout.TotalSeconds} s.\nstdout:\n{await output}\nstderr:\n{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
