namespace Flows.AuthServer.RateLimiting;

/// <summary>
/// The request limits of configuration section <c>Flows:RateLimiting</c>: on by default, each a number of requests per
/// window of one key (an address, a username, a client, a token), counted on each node on its own.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "Flows:RateLimiting";

    /// <summary>False switches every limit off (benchmarks, the fuzzer, load tests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Flow actions (JSON flow API and sign-on form posts) from one client address (an IPv6 /64).</summary>
    public RateLimitWindow FlowActionsPerAddress { get; set; } = new() { PermitLimit = 120 };

    /// <summary>Flow actions for one username of an environment, whatever address they come from.</summary>
    public RateLimitWindow FlowActionsPerUsername { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Wrong device user codes (RFC 8628 §5.1) typed from one client address into an environment's verification flows.</summary>
    public RateLimitWindow UserCodeAttemptsPerAddress { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Requests to the token, introspection and revocation endpoints naming one client, authenticated or not.</summary>
    public RateLimitWindow TokenRequestsPerClient { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Requests to <c>/v1</c> with one bearer token (without one: from one address).</summary>
    public RateLimitWindow ManagementRequestsPerToken { get; set; } = new() { PermitLimit = 600 };
}

/// <summary>One limit: at most <see cref="PermitLimit"/> requests per fixed <see cref="Window"/>; 0 or less switches it off.</summary>
public sealed class RateLimitWindow
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether this limit counts anything.</summary>
    public bool IsOn => PermitLimit > 0 && Window > TimeSpan.Zero;
}
