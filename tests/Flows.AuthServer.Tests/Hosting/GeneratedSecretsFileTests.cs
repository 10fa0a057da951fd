using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// A first start whose output is not a terminal (a container, a service: its output ends up in a log collector)
/// writes the secrets it generated to a file only its owner can read, next to the database, and prints only
/// where that file is.
/// </summary>
public sealed partial class GeneratedSecretsFileTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _directory = Directory.CreateTempSubdirectory("flows-secrets-test-").FullName;

    [Fact]
    public async Task With_redirected_output_the_generated_secrets_go_to_an_owner_only_file_and_not_to_the_output()
    {
        var output = await RunUntilListeningAsync();

        var file = Path.Combine(_directory, "flows-secrets.txt");
        Assert.True(File.Exists(file), $"no secrets file; the server printed:\n{output}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var secrets = GeneratedSecret().Matches(await File.ReadAllTextAsync(file)).Select(match => match.Groups["secret"].Value).ToList();
        Assert.True(secrets.Count >= 3, "the admin password, the admin client's secret and the demo's passwords are generated");
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, output, StringComparison.Ordinal));
        Assert.Contains(file, output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Starts the built server as its own process, output redirected, on a fresh SQLite file; returns what it printed once it listens.</summary>
    private async Task<string> RunUntilListeningAsync()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Flows.AuthServer.dll"), "--urls", "http://127.0.0.1:0"])
        {
            // The content root, as with dotnet run: the demo environment and the shipped flows are found from it.
            WorkingDirectory = ServerServices.ServerContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Flows__Database__ConnectionString"] = $"Data Source={Path.Combine(_directory, "flows.db")}";
        start.Environment["Flows__Passwords__Iterations"] = "1000";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (line.Data?.Contains("Flows is listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(StartTimeout);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        lock (output)
        {
            return output.ToString();
        }
    }

    [GeneratedRegex("(?:password|client secret|authenticator key): (?<secret>\\S+)")]
    private static partial Regex GeneratedSecret();
}
