using Flows.AuthServer.Environments;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Tests.Management;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.IdentityProviders;

/// <summary>
/// The real server with environment <see cref="Federated"/>, whose identity provider <see cref="ProviderId"/> is an
/// independent, certified OpenID provider (oidc-provider on its own port, <see cref="UpstreamOidcProvider"/>), and the
/// shipped flow <c>password-or-identity-provider</c>. The provider starts once the server listens, since its client's
/// redirect URI is the server's callback.
/// </summary>
public sealed class CertifiedUpstreamFixture : ManagementServerFixture
{
    public const string Federated = "ext";
    public const string ProviderId = "corporate";
    public const string ClientId = "web";
    public const string ClientSecret = "ext-web-secret-for-tests-only";
    public const string ClientRedirect = "https://app.test/callback";
    public const string UpstreamClientId = "flows-ext";
    public const string UpstreamClientSecret = "upstream-client-secret-for-tests-only";

    /// <summary>A local user whose e-mail the upstream account <c>carol</c> has.</summary>
    public const string LocalCarol = "carol.local";
    public const string LocalCarolPassword = "carol-local-password";

    /// <summary>The upstream account the provider refuses (it answers <c>access_denied</c>).</summary>
    public const string RefusedAccount = "gina";

    /// <summary>Upstream accounts, one per test so tests never share an identity.</summary>
    public static readonly string[] Accounts = ["carol", "dave", "hank", "ivan", "judy", "kate", "liam", RefusedAccount];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private UpstreamOidcProvider? _upstream;

    public Uri UpstreamIssuer => _upstream!.Issuer;

    /// <summary>The upstream <c>sub</c> of an account: unlike the username, nothing local could guess it.</summary>
    public static string SubjectOf(string account) => $"sub-{account}-7f3a";

    public Uri CallbackUrl => new(BaseAddress, $"/{Federated}/idp/{ProviderId}/callback");

    /// <summary>Starts the upstream provider and imports the environment once.</summary>
    public async Task EnsureReadyAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_upstream is null)
            {
                _upstream = await UpstreamOidcProvider.StartAsync(UpstreamClientId, UpstreamClientSecret, CallbackUrl,
                    Accounts.Select(name => new UpstreamOidcProvider.Account(SubjectOf(name), name, $"{name}@corp.test", Refused: name == RefusedAccount)));
                await ImportAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private async Task ImportAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EnvironmentImporter>().ImportAsync(new EnvironmentFile
        {
            Id = Federated,
            Name = "Federated by oidc-provider",
            DefaultFlow = "password-or-identity-provider",
            Applications =
            [
                new EnvironmentFileApplication
                {
                    ClientId = ClientId, ClientSecret = ClientSecret, Name = ClientId, Type = "confidential",
                    GrantTypes = ["authorization_code"], RedirectUris = [ClientRedirect], Scopes = ["openid", "profile", "email"],
                },
            ],
            Users = [new EnvironmentFileUser { Username = LocalCarol, Password = LocalCarolPassword, Email = "Carol@corp.test" }],
            IdentityProviders =
            [
                new EnvironmentFileIdentityProvider
                {
                    Id = ProviderId, Name = "Corporate", Issuer = UpstreamIssuer.AbsoluteUri.TrimEnd('/'),
                    ClientId = UpstreamClientId, ClientSecret = UpstreamClientSecret, Scopes = ["profile", "email"], Domains = ["corp.test"],
                },
            ],
        }, CancellationToken.None);
    }
}
