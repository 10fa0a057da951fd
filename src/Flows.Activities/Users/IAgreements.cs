namespace Flows.Activities.Users;

/// <summary>How activities show an environment's agreements (terms of use, privacy notices) and record that a user accepted one.</summary>
public interface IAgreements
{
    /// <summary>
    /// The current version of the agreement, in the first of <paramref name="languages"/> it is written in, else in its
    /// default language; null when the environment has no such agreement or it has no version yet.
    /// </summary>
    Task<AgreementText?> FindCurrentAsync(
        string environmentId, string agreementId, IReadOnlyList<string> languages, CancellationToken cancellationToken);

    Task<bool> HasAcceptedAsync(string environmentId, string userId, string agreementId, int version, CancellationToken cancellationToken);

    /// <summary>Records, with the time, that the user accepted this version; accepting it again changes nothing.</summary>
    Task RecordAcceptanceAsync(string environmentId, string userId, string agreementId, int version, CancellationToken cancellationToken);
}

/// <summary>One version of an agreement in one language, as a consent step shows it.</summary>
public sealed record AgreementText(string AgreementId, string Name, int Version, string Language, string Text);
