namespace Flows.AuthServer.Protocol.Exchange;

/// <summary>
/// Whether the token endpoint offers token exchange (RFC 8693): configuration section <c>Flows:Protocol:TokenExchange</c>,
/// key <c>Enabled</c> (default on). Off, the grant is unsupported and discovery does not list it.
/// </summary>
public sealed class TokenExchangeOptions
{
    public const string Section = "Flows:Protocol:TokenExchange";

    public bool Enabled { get; set; } = true;

    /// <summary>The options as configured; read when the server is registered, since they decide its grants.</summary>
    public static TokenExchangeOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<TokenExchangeOptions>() ?? new();
}
