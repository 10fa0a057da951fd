using OtpNet;

namespace Flows.E2E.Tests.Server;

/// <summary>The environment, application and users of <c>environments/e2e.json</c>, by name.</summary>
public static class E2EEnvironment
{
    public const string File = "e2e.json";

    /// <summary>Stands for the server's origin in the file's redirect URIs.</summary>
    public const string OriginPlaceholder = "{origin}";

    public const string Id = "e2e";
    public const string Name = "E2E Browser Tests";

    /// <summary>Signs in with JavaScript on.</summary>
    public static readonly E2EUser Ada = new("ada", "ada-password-for-e2e-1", "Ada Lovelace", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

    /// <summary>Signs in with JavaScript off. Each test has its own user: a TOTP code is accepted only once.</summary>
    public static readonly E2EUser Grace = new("grace", "grace-password-for-e2e-1", "Grace Hopper", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

    /// <summary>Signs in through the flow the designer test builds.</summary>
    public static readonly E2EUser Hedy = new("hedy", "hedy-password-for-e2e-1", "Hedy Lamarr", "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF");

    /// <summary>A public client with no flow of its own until the designer test binds one.</summary>
    public const string DesignerBuiltClientId = "designer-built";

    public const string DesignerBuiltCallbackPath = "/e2e-designer/callback";

    /// <summary>A public client whose flow signs in through an upstream identity provider (bound by its test).</summary>
    public const string FederatedClientId = "federated";

    public const string FederatedCallbackPath = "/e2e-federated/callback";

    public static string TryItPath => $"/{Id}/try";

    public static string SignOnPath => $"/{Id}/signon";

    public static string AuthorizePath => $"/{Id}/as/authorize";
}

/// <summary>A user of the E2E environment and their authenticator's key (Base32).</summary>
public sealed record E2EUser(string Username, string Password, string Name, string TotpSecret)
{
    /// <summary>
    /// The code the user's authenticator shows now. A code about to roll over is not used: the user would wait
    /// for the next one too.
    /// </summary>
    public async Task<string> CurrentCodeAsync()
    {
        var totp = new Totp(Base32Encoding.ToBytes(TotpSecret));
        if (totp.RemainingSeconds() < 3)
        {
            await Task.Delay(TimeSpan.FromSeconds(totp.RemainingSeconds() + 0.2));
        }

        return totp.ComputeTotp();
    }
}
