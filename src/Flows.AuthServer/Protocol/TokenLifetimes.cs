namespace Flows.AuthServer.Protocol;

/// <summary>
/// How long each kind of token the server issues is valid: given to OpenIddict, and read by the key rotation to know
/// how long a key that no longer signs must still be trusted.
/// </summary>
public static class TokenLifetimes
{
    public static readonly TimeSpan AccessToken = TimeSpan.FromHours(1);
    public static readonly TimeSpan IdentityToken = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan AuthorizationCode = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RefreshToken = TimeSpan.FromDays(14);

    /// <summary>What relying parties commonly allow for clocks that differ (Microsoft.IdentityModel's default).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a key stays in the JWKS after it stopped signing: until every access and ID token it signed has
    /// expired, however skewed the relying party's clock.
    /// </summary>
    public static TimeSpan Published => Max(AccessToken, IdentityToken) + ClockSkew;

    /// <summary>
    /// How long the server keeps a key after it stopped signing: until every token only the server reads (a refresh
    /// token, a code) that it signed has expired too, so a rotation never signs anyone out.
    /// </summary>
    public static TimeSpan Kept => Max(Published, Max(RefreshToken, AuthorizationCode) + ClockSkew);

    private static TimeSpan Max(TimeSpan left, TimeSpan right) => left > right ? left : right;
}
