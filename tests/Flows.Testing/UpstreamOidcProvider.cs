using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flows.Testing;

/// <summary>
/// Runs <c>tests/clients/upstream-provider.mjs</c>: the certified Node.js OpenID provider (oidc-provider) on a free
/// port of 127.0.0.1, as an upstream of the server, with one client and the given accounts. Started and ready (its
/// discovery answers) before <see cref="StartAsync"/> returns; killed with its process tree on dispose.
/// </summary>
public sealed class UpstreamOidcProvider : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private UpstreamOidcProvider(Process process, Uri issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    /// <summary>The provider's issuer, <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri Issuer { get; }

    /// <summary>An upstream account: <c>sub</c> and the claims the provider releases for the profile and email scopes.</summary>
    public sealed record Account(string Sub, string Username, string Email, bool EmailVerified = true, bool Refused = false);

    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "clients");

    public static async Task<UpstreamOidcProvider> StartAsync(string clientId, string clientSecret, Uri redirectUri, IEnumerable<Account> accounts)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"{Path.Combine(Folder, "node_modules")} has no oidc-provider: run scripts/test.sh, which runs `npm ci` in tests/clients.");
        }

        var start = new ProcessStartInfo(FindNode(), [Path.Combine(Folder, "upstream-provider.mjs")])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CLIENT_ID"] = clientId;
        start.Environment["CLIENT_SECRET"] = clientSecret;
        start.Environment["REDIRECT_URI"] = redirectUri.ToString();
        start.Environment["ACCOUNTS"] = JsonSerializer.Serialize(accounts.Select(account => new JsonObject
        {
            ["sub"] = account.Sub,
            ["preferred_username"] = account.Username,
            ["email"] = account.Email,
            ["email_verified"] = account.EmailVerified,
            ["name"] = $"{account.Username} upstream",
            ["refused"] = account.Refused,
        }));
        start.Environment.Remove("PORT");

        var process = Process.Start(start) ?? throw new InvalidOperationException("upstream-provider.mjs did not start.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, line) => { lock (errors) { errors.AppendLine(line.Data); } };
        process.BeginErrorReadLine();
        try
        {
            using var limit = new CancellationTokenSource(ReadyTimeout);
            var line = await process.StandardOutput.ReadLineAsync(limit.Token)
                ?? throw new InvalidOperationException($"upstream-provider.mjs exited before listening:\n{errors}");
            var issuer = new Uri(JsonNode.Parse(line)!["issuer"]!.GetValue<string>());
            // Keep reading its output so a full pipe never blocks it.
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var provider = new UpstreamOidcProvider(process, issuer);
            await provider.WaitForDiscoveryAsync(limit.Token);
            return provider;
        }
        catch (Exception exception) when (exception is OperationCanceledException or JsonException or HttpRequestException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"upstream-provider.mjs was not ready within {ReadyTimeout.TotalSeconds} s:\n{errors}", exception);
        }
    }

    private async Task WaitForDiscoveryAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var discovery = new Uri(Issuer, "/.well-known/openid-configuration");
        while (true)
        {
            using var response = await http.GetAsync(discovery, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "node"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Node.js (node, version 20 or later) is not on PATH.");
}
