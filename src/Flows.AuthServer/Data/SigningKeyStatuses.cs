namespace Flows.AuthServer.Data;

/// <summary>Where a key stands in its environment's rotation, as stored and as <c>/v1</c> shows it.</summary>
public static class SigningKeyStatuses
{
    /// <summary>Published in the JWKS, not yet signing: relying parties that cache the JWKS learn it before it is used.</summary>
    public const string Next = "next";

    /// <summary>Signs every new token (and, for <c>enc</c>, encrypts); published.</summary>
    public const string Active = "active";

    /// <summary>Signs nothing; published until its retire-after, then kept unpublished until its delete-after.</summary>
    public const string Previous = "previous";

    /// <summary>Shown, never stored: a previous key past its retire-after, out of the JWKS.</summary>
    public const string Retired = "retired";
}
