namespace Flows.AuthServer.Data;

/// <summary>An environment's RSA key, for signing (<c>sig</c>) or encrypting (<c>enc</c>) tokens.</summary>
public sealed class SigningKeyRecord
{
    /// <summary>The key id (<c>kid</c>) published in the JWKS.</summary>
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    public required string Use { get; init; }

    /// <summary>The PKCS#8 private key, protected with ASP.NET Core Data Protection.</summary>
    public required string ProtectedKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
