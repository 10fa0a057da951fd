using Flows.AuthServer.Applications;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Users;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Tests.Support;

/// <summary>A complete, valid environment file, for tests to import as is or spoil one value of.</summary>
public static class SampleEnvironments
{
    public const string Id = "sample";
    public const string SpaClient = "spa";
    public const string WebClient = "web";
    public const string WebSecret = "a-web-secret-for-tests-only";
    public const string ServiceClient = "service";
    public const string Carol = "carol";
    public const string CarolPassword = "carol-password-1";
    public const string Dave = "dave";
    public const string ShippedFlow = "password-then-otp";

    public static EnvironmentFile File() => new()
    {
        Id = Id,
        Name = "Sample",
        DefaultFlow = "username-password",
        Applications =
        [
            new EnvironmentFileApplication
            {
                ClientId = SpaClient,
                Type = "public",
                GrantTypes = ["authorization_code", "refresh_token"],
                RedirectUris = ["https://spa.test/callback"],
                PostLogoutRedirectUris = ["https://spa.test/"],
                Scopes = ["openid", "profile", "offline_access"],
                Flow = ShippedFlow,
            },
            new EnvironmentFileApplication
            {
                ClientId = WebClient,
                ClientSecret = WebSecret,
                Type = "confidential",
                GrantTypes = ["authorization_code"],
                RedirectUris = ["https://web.test/callback"],
                Scopes = ["openid", "email"],
            },
            new EnvironmentFileApplication { ClientId = ServiceClient, Type = "confidential", GrantTypes = ["client_credentials"] },
        ],
        Users =
        [
            new EnvironmentFileUser { Username = Carol, Password = CarolPassword, Email = "carol@example.com", Groups = ["staff"] },
            new EnvironmentFileUser { Username = Dave, TotpSecret = EnvironmentFileUser.GenerateTotpSecret },
        ],
    };

    /// <summary>The validator with the production password policy.</summary>
    public static EnvironmentFileValidator Validator() => new(new PasswordPolicy(Options.Create(new FlowsPasswordOptions())));

    public static IReadOnlySet<string> ShippedFlowIds { get; } = new HashSet<string> { "adaptive-mfa", "customer-sign-in", "passkey-passwordless", "password-or-identity-provider", "password-then-otp", "password-then-otp-required", "password-then-passkey", "risk-checked-password", "username-password" };
}
