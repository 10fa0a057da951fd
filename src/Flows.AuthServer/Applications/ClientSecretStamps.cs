using System.Globalization;
using Flows.AuthServer.Data;

namespace Flows.AuthServer.Applications;

/// <summary>
/// Ties a client credentials token to the secret it was granted with: the token carries when that secret was set
/// (<see cref="FlowsApplication.SecretRotatedAt"/>, in milliseconds), so a token granted before a rotation is told
/// apart from one granted after it even within the same second (a JWT's <c>iat</c> has whole seconds only).
/// </summary>
public static class ClientSecretStamps
{
    /// <summary>A private claim of the access token (RFC 7519 §4.3).</summary>
    public const string ClaimType = "secret_rotated_at";

    /// <summary>Now, to the millisecond the claim carries, so a stored time and a token's claim compare exactly.</summary>
    public static DateTimeOffset Now(TimeProvider clock) =>
        DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());

    public static string Format(DateTimeOffset rotatedAt) => rotatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether a token with <paramref name="claim"/> was granted under the client's current secret. A client whose
    /// secret time is not recorded accepts any; one whose is, only tokens stamped no earlier.
    /// </summary>
    public static bool IsCurrent(string? claim, DateTimeOffset? rotatedAt) =>
        rotatedAt is not { } current
        || (long.TryParse(claim, NumberStyles.None, CultureInfo.InvariantCulture, out var stamped) && stamped >= current.ToUnixTimeMilliseconds());
}
