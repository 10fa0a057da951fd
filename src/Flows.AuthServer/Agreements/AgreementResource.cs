using Flows.AuthServer.Data;

namespace Flows.AuthServer.Agreements;

/// <summary>An agreement as <c>/v1/environments/{env}/agreements</c> shows it, with every version; the last is current.</summary>
public sealed record AgreementResource(
    string Id,
    string Name,
    string DefaultLanguage,
    int? CurrentVersion,
    IReadOnlyList<AgreementVersion> Versions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static AgreementResource Of(AgreementRecord agreement) => new(
        agreement.Id,
        agreement.Name,
        agreement.DefaultLanguage,
        agreement.Versions.Count == 0 ? null : agreement.Versions[^1].Version,
        agreement.Versions,
        agreement.CreatedAt,
        agreement.UpdatedAt);
}

/// <summary>
/// The body of <c>POST …/agreements</c> (id, name, default language and, optionally, the texts of version 1) and of
/// <c>PATCH …/agreements/{id}</c> (name, default language; what it leaves out stays).
/// </summary>
public sealed record AgreementRequest(string? Id, string? Name, string? DefaultLanguage, IReadOnlyDictionary<string, string>? Texts);

/// <summary>The body of <c>POST …/agreements/{id}/versions</c>: the new version's text per language.</summary>
public sealed record AgreementVersionRequest(IReadOnlyDictionary<string, string>? Texts);

/// <summary>That a user accepted a version of an agreement, as <c>/v1/…/users/{id}/agreements</c> lists it.</summary>
public sealed record AgreementAcceptanceResource(string AgreementId, int Version, DateTimeOffset AcceptedAt);
