namespace Flows.AuthServer.Tests.Hosting;

/// <summary>The applications and users of <c>environments/certified.json</c>, by name.</summary>
public static class CertifiedEnvironment
{
    public const string File = "certified.json";
    public const string Id = "certified";

    public const string ConfidentialClientId = "rp-web";
    public const string ConfidentialSecret = "rp-web-secret-for-tests-only";
    public const string ConfidentialRedirect = "https://rp-web.test/callback";

    /// <summary>Must push its authorization requests (RFC 9126).</summary>
    public const string PushingClientId = "rp-par";
    public const string PushingSecret = "rp-par-secret-for-tests-only";
    public const string PushingRedirect = "https://rp-par.test/callback";

    public const string PublicClientId = "rp-spa";
    public const string PublicRedirect = "https://rp-spa.test/callback";

    /// <summary>Signs in with a password only (the environment's default flow).</summary>
    public const string Rita = "rita";
    public const string RitaPassword = "rita-password-for-tests-1";
    public const string RitaName = "Rita Relying";

    /// <summary>Has an authenticator; the public client's flow asks her for a code.</summary>
    public const string Otto = "otto";
    public const string OttoPassword = "otto-password-for-tests-1";
    public const string OttoName = "Otto Otp";
    public const string OttoTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
}
