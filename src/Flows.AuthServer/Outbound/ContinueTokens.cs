using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Outbound;
using Flows.AuthServer.Flows;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// The tokens of <c>RedirectToApplication</c>, HS256 with the environment's outbound secret. The server issues a
/// <see cref="ContinueType"/> token (flow, nonce, expiry, the data sent, and <c>continue_uri</c>, where to answer);
/// the application answers with an <see cref="AnswerType"/> token naming the same flow and nonce, an outcome and data.
/// </summary>
public sealed class ContinueTokens(OutboundSettingsReader settings, IHttpContextAccessor http, TimeProvider clock) : IApplicationRedirects
{
    public const string ContinueType = "flows-continue+jwt";
    public const string AnswerType = "flows-answer+jwt";

    /// <summary>The longest an answer may be valid, so that the record of used ones stays small.</summary>
    public static readonly TimeSpan MaxAnswerLifetime = TimeSpan.FromHours(1);

    /// <summary>How far clocks of the server and the application may disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public const string Flow = "flow";
    public const string Nonce = "nonce";
    public const string Outcome = "outcome";
    public const string Data = "data";
    public const string ContinueUri = "continue_uri";

    public async Task<string?> IssueContinueTokenAsync(ContinueRequest request, CancellationToken cancellationToken)
    {
        var outbound = await settings.ReadAsync(request.EnvironmentId, cancellationToken);
        if (outbound.Secret is not { } secret || http.HttpContext?.Request is not { } current)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var payload = new JsonObject
        {
            ["iss"] = FlowUrls.Absolute(current, $"/{request.EnvironmentId}/as"),
            [Flow] = request.FlowId,
            [Nonce] = request.Nonce,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = request.ExpiresAt.ToUnixTimeSeconds(),
            [ContinueUri] = FlowUrls.Absolute(current, FlowUrls.Continue(request.EnvironmentId, request.FlowId)),
            [Data] = request.Data.DeepClone(),
        };
        return CompactJws.Sign(secret, ContinueType, payload);
    }

    /// <summary>Reads an application's answer for <paramref name="flowId"/>: signed with the environment's secret, unexpired, well formed.</summary>
    public async Task<ContinueAnswerCheck> ReadAnswerAsync(string environmentId, string flowId, string token, CancellationToken cancellationToken)
    {
        var outbound = await settings.ReadAsync(environmentId, cancellationToken);
        if (outbound.Secret is not { } secret || CompactJws.Verify(secret, AnswerType, token) is not { } claims)
        {
            return ContinueAnswerCheck.Invalid;
        }

        if (Text(claims, Flow) != flowId || Text(claims, Nonce) is not { Length: > 0 } nonce
            || Text(claims, "jti") is not { Length: > 0 and <= 256 } tokenId || Text(claims, Outcome) is not { } outcome
            || Number(claims, "exp") is not { } expires || claims[Data] is not (null or JsonObject))
        {
            return ContinueAnswerCheck.Invalid;
        }

        var now = clock.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (expiresAt + ClockSkew <= now)
        {
            return ContinueAnswerCheck.Expired;
        }

        if (expiresAt > now + MaxAnswerLifetime + ClockSkew)
        {
            return ContinueAnswerCheck.Invalid;
        }

        return new ContinueAnswerCheck(ContinueAnswerStatus.Valid, new ContinueAnswer(nonce, outcome, claims[Data]?.AsObject(), tokenId, expiresAt));
    }

    private static string? Text(JsonObject claims, string name) =>
        claims[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static long? Number(JsonObject claims, string name) =>
        claims[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number : null;
}

/// <summary>What a verified answer says.</summary>
public sealed record ContinueAnswer(string Nonce, string Outcome, JsonObject? Data, string TokenId, DateTimeOffset ExpiresAt);

/// <summary>Whether an answer token can be used, and what it says when it can.</summary>
public sealed record ContinueAnswerCheck(ContinueAnswerStatus Status, ContinueAnswer? Answer = null)
{
    public static ContinueAnswerCheck Invalid { get; } = new(ContinueAnswerStatus.Invalid);

    public static ContinueAnswerCheck Expired { get; } = new(ContinueAnswerStatus.Expired);
}

/// <summary>How an answer token was judged.</summary>
public enum ContinueAnswerStatus
{
    Valid,

    /// <summary>Malformed, not signed with the environment's secret, of another type, or not for this flow.</summary>
    Invalid,

    Expired,
}
