using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Applications;

/// <summary>
/// What OpenIddict is shown as the registered keys of a client that publishes its keys at a <c>jwksUri</c>: one RSA
/// public key whose private half was never kept, so it verifies no signature. The client's real keys are read from its
/// address for each assertion.
/// </summary>
public static class PublishedKeys
{
    public const string StandInKeyId = "published-at-jwks-uri";

    public static JsonWebKeySet StandIn { get; } = Create();

    private static JsonWebKeySet Create()
    {
        using var rsa = RSA.Create(2048);
        var key = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)));
        key.Kid = StandInKeyId;
        key.Use = JsonWebKeyUseNames.Sig;
        var set = new JsonWebKeySet();
        set.Keys.Add(key);
        return set;
    }
}
