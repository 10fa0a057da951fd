using Flows.AuthServer.Data;

namespace Flows.AuthServer.Logout;

/// <summary>What a logout token (OpenID Connect Back-Channel Logout 1.0 §2.4) is made of, and who signs it.</summary>
public static class LogoutTokens
{
    public const string TokenType = "logout+jwt";

    /// <summary>The claim that names the session, in ID tokens and logout tokens (Front-Channel Logout 1.0 §3).</summary>
    public const string SessionIdClaim = "sid";

    public const string EventsClaim = "events";

    /// <summary>The event that marks a JWT as a logout token (§2.4).</summary>
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
}

/// <summary>Signs the logout token of a delivery with its environment's signing key (the protocol's keys are not this folder's).</summary>
public interface ILogoutTokenSigner
{
    string Sign(LogoutDeliveryRecord delivery);
}
