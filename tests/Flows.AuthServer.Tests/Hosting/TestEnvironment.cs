namespace Flows.AuthServer.Tests.Hosting;

/// <summary>The applications and users of <c>environments/test.json</c>, by name.</summary>
public static class TestEnvironment
{
    public const string Id = "test";
    public const string Other = "other";

    public const string WebClientId = "web";
    public const string WebSecret = "web-secret-for-tests-only";
    public const string WebRedirect = "https://app.test/callback";
    public const string WebPostLogout = "https://app.test/signed-out";

    public const string SpaClientId = "spa";
    public const string SpaRedirect = "https://spa.test/callback";

    public const string ServiceClientId = "service";
    public const string ServiceSecret = "service-secret-for-tests-only";

    public const string OtherWebSecret = "other-web-secret-for-tests-only";

    public const string Alice = "alice";
    public const string AlicePassword = "alice-password-1";
    public const string AliceTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    public const string Bob = "bob";
    public const string BobPassword = "bob-password-1";

    public static string Issuer(Uri baseAddress, string environment = Id) => $"{baseAddress.GetLeftPart(UriPartial.Authority)}/{environment}/as";
}
