using Flows.AuthServer.Applications;

namespace Flows.AuthServer.Provisioning;

/// <summary>
/// What an import did. For a created environment it holds the secrets that were generated: they are
/// stored only hashed or protected, so this is the one time they can be shown.
/// </summary>
public sealed record EnvironmentImportResult(
    string EnvironmentId,
    string Name,
    bool Created,
    IReadOnlyList<string> PublishedFlows,
    IReadOnlyList<ImportedApplication> Applications,
    IReadOnlyList<ImportedUser> Users)
{
    /// <summary>The outbound secret generated for a file with an <c>outbound</c> member.</summary>
    public string? GeneratedOutboundSecret { get; init; }

    /// <summary>The environment existed already and was left as it was.</summary>
    public static EnvironmentImportResult Skipped(string environmentId, string name) => new(environmentId, name, false, [], [], []);
}

/// <summary>A created user, with the password and authenticator key generated for it, if any.</summary>
public sealed record ImportedUser(string Username, string UserId, string? GeneratedPassword, TotpEnrollment? GeneratedTotp);

/// <summary>A generated authenticator key: Base32 to type in, and the <c>otpauth://</c> URI for a QR code.</summary>
public sealed record TotpEnrollment(string Secret, string Uri);
