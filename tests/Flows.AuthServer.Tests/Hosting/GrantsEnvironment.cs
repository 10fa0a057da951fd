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

    public const string Gina = "gina";
    public const string GinaPassword = "gina-password-1";

    public static string Path(string endpoint) => $"/{Id}/as/{endpoint}";
}
