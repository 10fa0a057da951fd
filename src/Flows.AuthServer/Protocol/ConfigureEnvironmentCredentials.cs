using Flows.AuthServer.Environments;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Adds the current environment's keys to the OpenIddict options being built. Outside any environment
/// OpenIddict handles no request (see <see cref="Handlers.SkipRequestsOutsideEnvironments"/>), but its options must
/// still be complete, so they get throw-away keys.
/// </summary>
public sealed class ConfigureEnvironmentCredentials(EnvironmentContext environments, EnvironmentKeyStore keys)
    : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var credentials = environments.Current is { } environment
            ? keys.Load(environment.Id)
            : new EnvironmentCredentials(Ephemeral(), Ephemeral());

        options.SigningCredentials.Add(new SigningCredentials(credentials.Signing, SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            credentials.Encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static RsaSecurityKey Ephemeral() =>
        new(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "none" };
}
