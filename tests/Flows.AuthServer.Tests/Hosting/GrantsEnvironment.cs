namespace Flows.AuthServer.Tests.Hosting;

/// <summary>The applications and users of <c>environments/grants.json</c>, by name.</summary>
public static class GrantsEnvironment
{
    public const string File = "grants.json";
    public const string Id = "grants";

    /// <summary>A confidential client that may push its authorization requests.</summary>
    public const string PortalClientId = "portal";
    public const string PortalSecret = "portal-secret-for-tests-only";
    public const string PortalRedirect = "https://portal.test/callback";

    /// <summary>A confidential client that must push its authorization requests.</summary>
    public const string StrictClientId = "strict";
    public const string StrictSecret = "strict-secret-for-tests-only";
    public const string StrictRedirect = "https://strict.test/callback";

    public const string SpaClientId = "spa";
    public const string SpaRedirect = "https://spa.grants.test/callback";

    /// <summary>A confidential client that authenticates with client assertions (private_key_jwt) signed by <see cref="SignerKeyPem"/>.</summary>
    public const string SignerClientId = "signer";
    public const string SignerKeyId = "signer-1";
    public const string SignerRedirect = "https://signer.test/callback";

    /// <summary>The private key of the public key grants.json registers for <see cref="SignerClientId"/>: for tests only.</summary>
    public const string SignerKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDTrs8w3IqTw+Y3
        dgYFbYYmknN6WOzsD0D/ju+RGzHSUMQ8P2GyvNHk1+/s2Ar0HhtqqJUzByLuDoos
        w1sW7zcs0sQSl4pxx9UNc9eDGCIJ6BkmxAfIUhKkupUGmy5/lhTi9kptmyhO9fuU
        iWcxz/tFOyCs0itb3wYEDR7evjKcdIVHFq4hl+ZqA/SUys6Yxt8OIZhJ5zbcf7ko
        pWoDdQggVvtqPCktLGsAubh0iiAd8ayis1SEhpVLOZ7piL79TcezYxwj6DJHYtFx
        aZn2rPXL2O8F8Fega+Af3TmwEgWL4eJKpcQUrwl0FISKEYeaW0M7Q3zPuNo0RWJ7
        6J0fVMF9AgMBAAECggEAIlC0Rbd6v3mCWHtJfpfCp34WOj8wKRRP9R22uE8wRGfT
        Z/DeZZs2a2KWAk8Dd49p4mBxz1PY1b6Fp7wDiDQ/PYTtRBZM2yUJ5KRiy12eJvz5
        Fs+wc0javNmCTw/Y+dXajPBgIGSGpEY8AlhD4k9U7GQpZ9qqLLp6vy1hU7qBedse
        Q/Y97a52lP7KDztNO+pF82J8SL6IKUoThWiKxw0q5yFKAKEHCty2jRbNQll8mYJg
        AfXeFpXhfA0lsItqeQFxHc1gzZoVRSDGKTAyYY993JxTZ6Ziw+4uDiOAE7YdKxlQ
        Gv2kGN/J6OhO+qZKr0raCN2+ZMAQxBRtVd3LDmnQAQKBgQDshNhwMLUtYN+TqiSL
        e+00mowiaw3Whial4KbcOwRoO3hFZ3AdtMmBz2aRHBsFxDRcYjO/w63DXPN7fSYE
        pcHK2ACxZIt1lR0GrqMegm29GMTqHHLzPwX6wIWfNXwv4wcWmaVZGd58+ma00cxq
        SH5Iy+6Hfo1rH7bPPtVUXsYduQKBgQDlHkdzDR3+WZdK/Qa7nQ4N+lH/n77AiMzQ
        mEgwGyPax0ZlADfPz22sCnLngq5bb1rFWjAogF2jO80JQxsjGlgUx19dwpHfagfV
        UOMefv88Q2k5QAA5uOSxBwP72OTZfFx0EdO3i69TNJ0LBaMO64+lI/a2By7FV4Qh
        pCHpnVsD5QKBgQDIQZ6ENylft5L1kuyIUTBBBs254ox/42vbrL963llX62pk0TTD
        YivvReyg1nwmwL5YrikEp6h7LjtVhlvnOXVAyuyjRe8yakN+QeUI0wQZRFyNn/LP
        87+bVOCOMZnpbb61qvet3lJb3SOS28PJBYIvHsPiYwtX9S0ygg/b9LanuQKBgQCk
        6RVeTyuufkeyNsrY0SNjli/dANroc86PuXwD/BTjjJkza2PAlLmIogCwd9QNhenc
        sJyHGlXLfuiGaSGoM3cAhbwznS8nkobO2CiRM7F8a7zZ8yH2aglZDgalCCk4DRXy
        iT5NFyJ7jhwW6djCjXRX1bnmrObSLbqyCBRMtPDkrQKBgErzz/gSnCR7J7qiGu0V
        bMyu2ajKb4bSX6FynG76loIgpnKHiecgMM/PYgkIZFCwGMGdkqfxQzxB0L3NEspL
        fsmQn6vpefrwK19IdsCeZDJcyrl6gEngXC6/RQYp7mPtpSnyosaIzxj8R8Ws/tk0
        w4UZeVK/lcImcYvIrkZS8qyB
        -----END PRIVATE KEY-----
        """;

    /// <summary>A public client of the device authorization grant (RFC 8628), with refresh tokens.</summary>
    public const string TvClientId = "tv";
    public const string TvName = "Living room TV";

    public const string Gina = "gina";
    public const string GinaPassword = "gina-password-1";

    public static string Path(string endpoint) => $"/{Id}/as/{endpoint}";
}
