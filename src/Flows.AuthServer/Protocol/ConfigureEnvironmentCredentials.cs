using Flows.AuthServer.Environments;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Adds the current environment's keys to the OpenIddict options being built: every published key as a signing
/// credential (so the JWKS lists next, active and previous keys), the active one first (OpenIddict signs with the
/// first), and tokens validated against the key store, which knows the keys another node created since. Outside any
/// environment OpenIddict handles no request (see <see cref="Handlers.SkipRequestsOutsideEnvironments"/>), but its
/// options must still be complete, so they get throw-away keys.
/// </summary>
public sealed class ConfigureEnvironmentCredentials(EnvironmentContext environments, EnvironmentKeyStore keys)
    : IConfigureOptions<OpenIddictServerOptions>, IPostConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        if (environments.Current is not { } environment)
        {
            options.SigningCredentials.Add(new SigningCredentials(Ephemeral(), SecurityAlgorithms.RsaSha256));
            options.EncryptionCredentials.Add(Encrypting(Ephemeral()));
            return;
        }

        var set = keys.Current(environment.Id);
        options.SigningCredentials.AddRange(set.Published.Select(key => new SigningCredentials(key, SecurityAlgorithms.RsaSha256)));
        options.EncryptionCredentials.Add(Encrypting(set.Encryption));

        // The resolver wins over the signing credentials OpenIddict lists as validation keys (RFC 7515 §4.1.4: the kid
        // picks the key), so a previous key no longer published still validates the refresh tokens it signed.
        var environmentId = environment.Id;
        options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, kid, _) => keys.ValidationKeys(environmentId, kid);
    }

    /// <summary>OpenIddict sorts the credentials it was given (all equal here); the active key must stay first.</summary>
    public void PostConfigure(string? name, OpenIddictServerOptions options)
    {
        if (environments.Current is not { } environment)
        {
            return;
        }

        var active = keys.Current(environment.Id).Active;
        var index = options.SigningCredentials.FindIndex(credentials => credentials.Key.KeyId == active.KeyId);
        if (index > 0)
        {
            var credentials = options.SigningCredentials[index];
            options.SigningCredentials.RemoveAt(index);
            options.SigningCredentials.Insert(0, credentials);
        }
    }

    private static EncryptingCredentials Encrypting(SecurityKey key) =>
        new(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512);

    private static RsaSecurityKey Ephemeral() =>
        new(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "none" };
}
