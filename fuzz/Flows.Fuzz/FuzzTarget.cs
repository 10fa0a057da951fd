using System.Net;

namespace Flows.Fuzz;

/// <summary>
/// The server under fuzzing and what the fuzzer knows of it: one environment with a confidential, a public and a
/// service client and a user (by default those of the tests' <c>environments/test.json</c>), and optionally the secret
/// of the admin client, so that <c>/v1</c> requests get past authentication. Only a server on 127.0.0.1 may be one.
/// </summary>
public sealed record FuzzTarget
{
    public FuzzTarget(Uri baseAddress)
    {
        if (baseAddress.Scheme != Uri.UriSchemeHttp || baseAddress.Host != "127.0.0.1" || baseAddress.AbsolutePath != "/")
        {
            throw new ArgumentException($"Only a server at http://127.0.0.1:<port>/ may be fuzzed, not {baseAddress}.", nameof(baseAddress));
        }

        BaseAddress = baseAddress;
        EndPoint = new IPEndPoint(IPAddress.Loopback, baseAddress.Port);
    }

    public Uri BaseAddress { get; }

    public IPEndPoint EndPoint { get; }

    public string Environment { get; init; } = "test";

    public string WebClientId { get; init; } = "web";

    public string WebSecret { get; init; } = "web-secret-for-tests-only";

    public string WebRedirect { get; init; } = "https://app.test/callback";

    public string WebPostLogout { get; init; } = "https://app.test/signed-out";

    public string SpaClientId { get; init; } = "spa";

    public string SpaRedirect { get; init; } = "https://spa.test/callback";

    public string ServiceClientId { get; init; } = "service";

    public string ServiceSecret { get; init; } = "service-secret-for-tests-only";

    /// <summary>A user with a password only, for sign-ins that complete (codes, refresh and ID tokens to replay).</summary>
    public string Username { get; init; } = "bob";

    public string Password { get; init; } = "bob-password-1";

    public string AdminClientId { get; init; } = "flows-admin";

    /// <summary>The admin client's secret; without it, <c>/v1</c> requests carry no valid token.</summary>
    public string? AdminClientSecret { get; init; }

    /// <summary>How long one request may take before it counts as unanswered.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public string As(string endpoint) => $"/{Environment}/as/{endpoint}";
}
