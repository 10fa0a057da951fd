using System.Diagnostics;
using System.Text.Json.Nodes;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// Runs <c>tests/clients/code-flow.mjs</c>: openid-client, a certified relying party, signing in against the
/// server on its own (discovery, authorize, the JSON flow API, code exchange, ID token checks, userinfo,
/// refresh), or another script of that folder (<see cref="BackchannelLogoutScript"/>). Node.js and the scripts'
/// packages are prerequisites, never a reason to skip.
/// </summary>
public static class CodeFlowClient
{
    public const string CodeFlowScript = "code-flow.mjs";

    /// <summary>Signs in, ends the session and validates the logout token the server POSTs to the client.</summary>
    public const string BackchannelLogoutScript = "backchannel-logout.mjs";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // Variables the script reads: each run sets the ones it needs and clears the others it may inherit.
    private static readonly string[] ScriptVariables =
        ["ISSUER", "CLIENT_ID", "CLIENT_SECRET", "REDIRECT_URI", "USERNAME", "PASSWORD", "TOTP_SECRET", "SCOPE", "PAR",
            "BACKCHANNEL_LOGOUT_URI", "POST_LOGOUT_REDIRECT_URI", "LOGOUT_WAIT_SECONDS"];

    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "clients");

    /// <summary>What the script printed and how it ended.</summary>
    public sealed record Result(int ExitCode, string Output, string Errors)
    {
        /// <summary>The script's one JSON line (its last line of output).</summary>
        public JsonObject Json => JsonNode.Parse(Output.TrimEnd().Split('\n')[^1])!.AsObject();

        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
    }

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> variables, string scriptName = CodeFlowScript)
    {
        var node = FindNode();
        var script = Path.Combine(Folder, scriptName);
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "openid-client")))
        {
            throw new InvalidOperationException($"{Path.Combine(Folder, "node_modules")} has no openid-client: run scripts/test.sh, which runs `npm ci` in tests/clients.");
        }

        var start = new ProcessStartInfo(node, [script]) { WorkingDirectory = Folder };
        foreach (var name in ScriptVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        var (exitCode, output, errors) = await ExternalProcess.RunAsync(start, Timeout, scriptName);
        return new Result(exitCode, output, errors);
    }

    /// <summary>Starts a script of the folder with <paramref name="variables"/>, for a test that reads its output as it runs.</summary>
    public static Process Start(string scriptName, IReadOnlyDictionary<string, string> variables)
    {
        var start = new ProcessStartInfo(FindNode(), [Path.Combine(Folder, scriptName)])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in ScriptVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{scriptName} did not start.");
    }

    private static string FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "node"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Node.js (node, version 20 or later) is not on PATH: install it, then run scripts/test.sh, which runs `npm ci` in tests/clients.");
    }
}
