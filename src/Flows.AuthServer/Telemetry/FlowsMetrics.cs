using System.Diagnostics.Metrics;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.Telemetry;

/// <summary>
/// The server's own counters on the <see cref="FlowsTelemetry.Meter"/>: sign-ins, issued tokens, lockouts and
/// rate-limit refusals, each tagged only with names an administrator chose (environment, application, grant).
/// </summary>
public static class FlowsMetrics
{
    public const string EnvironmentTag = "flows.environment";
    public const string ApplicationTag = "flows.application";
    public const string OutcomeTag = "flows.outcome";
    public const string GrantTypeTag = "flows.grant_type";
    public const string TokenTypeTag = "flows.token_type";
    public const string FactorTag = "flows.factor";
    public const string PolicyTag = "flows.rate_limit.policy";

    public const string SignInsName = "flows.sign_ins";
    public const string TokensName = "flows.tokens.issued";
    public const string LockoutsName = "flows.lockouts";
    public const string RateLimitRefusalsName = "flows.rate_limit.refusals";

    /// <summary>How a sign-in flow ended.</summary>
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>The factors a lockout locks.</summary>
    public const string PasswordFactor = "password";
    public const string OtpFactor = "otp";

    private static readonly Counter<long> SignIns = FlowsTelemetry.Meter.CreateCounter<long>(
        SignInsName, unit: "{sign_in}", description: "Sign-in flows that ended, by environment, application and outcome (completed or failed).");

    private static readonly Counter<long> Tokens = FlowsTelemetry.Meter.CreateCounter<long>(
        TokensName, unit: "{token}", description: "Tokens and authorization codes issued, by environment, grant type and token type.");

    private static readonly Counter<long> Lockouts = FlowsTelemetry.Meter.CreateCounter<long>(
        LockoutsName, unit: "{lockout}", description: "Accounts locked after too many wrong passwords or one-time codes, by environment and factor.");

    private static readonly Counter<long> RateLimitRefusals = FlowsTelemetry.Meter.CreateCounter<long>(
        RateLimitRefusalsName, unit: "{request}", description: "Requests refused by a rate limit, by policy.");

    /// <summary>Counts a flow that ended in this request as a sign-in, completed or failed; a flow still under way counts nothing.</summary>
    public static void SignInEnded(FlowInstance instance)
    {
        var outcome = instance.Status switch
        {
            FlowInstanceStatus.Completed => Completed,
            FlowInstanceStatus.Failed => Failed,
            _ => null,
        };
        if (outcome is not null)
        {
            SignInEnded(instance.EnvironmentId, instance.ApplicationId, outcome);
        }
    }

    public static void SignInEnded(string environmentId, string? applicationId, string outcome) => SignIns.Add(1,
        new KeyValuePair<string, object?>(EnvironmentTag, environmentId),
        new KeyValuePair<string, object?>(ApplicationTag, applicationId ?? ""),
        new KeyValuePair<string, object?>(OutcomeTag, outcome));

    public static void TokenIssued(string environmentId, string grantType, string tokenType) => Tokens.Add(1,
        new KeyValuePair<string, object?>(EnvironmentTag, environmentId),
        new KeyValuePair<string, object?>(GrantTypeTag, grantType),
        new KeyValuePair<string, object?>(TokenTypeTag, tokenType));

    public static void LockedOut(string environmentId, string factor) => Lockouts.Add(1,
        new KeyValuePair<string, object?>(EnvironmentTag, environmentId),
        new KeyValuePair<string, object?>(FactorTag, factor));

    public static void RateLimitRefused(string policy) => RateLimitRefusals.Add(1, new KeyValuePair<string, object?>(PolicyTag, policy));
}
