namespace Flows.AuthServer.Data;

/// <summary>
/// An environment's RSA key, for signing (<c>sig</c>) or encrypting (<c>enc</c>) tokens, with its place in the
/// rotation (<see cref="SigningKeyStatuses"/>).
/// </summary>
public sealed class SigningKeyRecord
{
    /// <summary>The key id (<c>kid</c>) published in the JWKS.</summary>
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    public required string Use { get; init; }

    /// <summary>The PKCS#8 private key, protected with ASP.NET Core Data Protection.</summary>
    public required string ProtectedKey { get; init; }

    /// <summary>
    /// <c>next</c>, <c>active</c> or <c>previous</c>. At most one key of a use is next and one active in an
    /// environment (a unique index), so two nodes can never both promote or both create one.
    /// </summary>
    public string Status { get; set; } = SigningKeyStatuses.Active;

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key began to sign; null while it is the next key.</summary>
    public DateTimeOffset? ActivatedAt { get; set; }

    /// <summary>
    /// A previous key leaves the JWKS then: every access and ID token it signed has expired.
    /// </summary>
    public DateTimeOffset? RetireAfter { get; set; }

    /// <summary>
    /// A previous key is deleted then: every token only the server reads (refresh tokens, codes) that it signed
    /// has expired too. Until then it still validates them, unpublished.
    /// </summary>
    public DateTimeOffset? DeleteAfter { get; set; }
}
