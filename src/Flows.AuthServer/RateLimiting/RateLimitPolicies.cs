namespace Flows.AuthServer.RateLimiting;

/// <summary>
/// The names of the server's limits: ASP.NET Core's policy names on the endpoints and the value of the
/// <c>flows.rate_limit.policy</c> tag on every refusal counted.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Flow actions per client address (<see cref="RateLimitingOptions.FlowActionsPerAddress"/>).</summary>
    public const string FlowActionsPerAddress = "flow-address";

    /// <summary>Flow actions per username (<see cref="RateLimitingOptions.FlowActionsPerUsername"/>), counted by the flow service.</summary>
    public const string FlowActionsPerUsername = "flow-username";

    /// <summary>Wrong device user codes per client address (<see cref="RateLimitingOptions.UserCodeAttemptsPerAddress"/>), counted by the flow service.</summary>
    public const string UserCodeAttemptsPerAddress = "user-code-address";

    /// <summary>Token, introspection and revocation requests per client (<see cref="RateLimitingOptions.TokenRequestsPerClient"/>).</summary>
    public const string TokenRequestsPerClient = "token-client";

    /// <summary>Management requests per bearer token (<see cref="RateLimitingOptions.ManagementRequestsPerToken"/>).</summary>
    public const string ManagementRequestsPerToken = "management-token";
}
