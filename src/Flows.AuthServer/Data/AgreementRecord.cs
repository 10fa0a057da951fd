namespace Flows.AuthServer.Data;

/// <summary>
/// An agreement of an environment (terms of use, a privacy notice) with all its versions; each version holds its text
/// per language. Versions are never changed once made: a new text is a new version, which users accept anew.
/// </summary>
public sealed class AgreementRecord
{
    public required string EnvironmentId { get; init; }

    public required string Id { get; init; }

    public required string Name { get; set; }

    /// <summary>The language (BCP 47 tag) shown when the user's languages have no text.</summary>
    public required string DefaultLanguage { get; set; }

    /// <summary>Every version, oldest first (JSON); the last is the current one.</summary>
    public List<AgreementVersion> Versions { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One version of an agreement: its number (from 1), its text per language, and when it was made.</summary>
public sealed record AgreementVersion(int Version, Dictionary<string, string> Texts, DateTimeOffset CreatedAt);

/// <summary>That a user accepted one version of an agreement, and when.</summary>
public sealed class AgreementAcceptanceRecord
{
    public required string EnvironmentId { get; init; }

    public required string UserId { get; init; }

    public required string AgreementId { get; init; }

    public required int Version { get; init; }

    public DateTimeOffset AcceptedAt { get; init; }
}
