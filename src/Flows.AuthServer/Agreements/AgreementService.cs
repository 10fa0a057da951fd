using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Agreements;

/// <summary>
/// Every rule of an environment's agreements, for <c>/v1</c>, the import and the designer: create, rename, add a
/// version (versions are never edited: users accept each anew), delete, and list what a user accepted. Each change is
/// audited in its own save. Sign-ins read agreements from the database, so a change holds on every node at once.
/// </summary>
public sealed class AgreementService(ServerDbContext db, EnvironmentCatalog catalog, AuditLog audit, TimeProvider clock)
{
    public async Task<ServiceResult<IReadOnlyList<AgreementResource>>> ListAsync(string environmentId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        var agreements = await db.Agreements.AsNoTracking().Where(a => a.EnvironmentId == environmentId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return ServiceResult<IReadOnlyList<AgreementResource>>.Ok(agreements.Select(AgreementResource.Of).ToList());
    }

    public async Task<ServiceResult<AgreementResource>> GetAsync(string environmentId, string agreementId, CancellationToken cancellationToken) =>
        await FindAsync(environmentId, agreementId, tracked: false, cancellationToken) is { } agreement
            ? ServiceResult<AgreementResource>.Ok(AgreementResource.Of(agreement))
            : MissingAgreement(environmentId, agreementId);

    public async Task<ServiceResult<AgreementResource>> CreateAsync(
        string environmentId, AgreementRequest requested, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        var problems = AgreementRules.ValidateHeader(requested.Id, requested.Name, requested.DefaultLanguage);
        if (problems.Count == 0 && requested.Texts is not null)
        {
            problems.AddRange(AgreementRules.ValidateTexts(requested.Texts, requested.DefaultLanguage!));
        }

        if (problems.Count > 0)
        {
            return ServiceError.Invalid(problems);
        }

        if (await FindAsync(environmentId, requested.Id!, tracked: false, cancellationToken) is not null)
        {
            return ServiceError.Taken($"Agreement '{requested.Id}'");
        }

        var agreement = New(environmentId, requested.Id!, requested.Name!.Trim(), requested.DefaultLanguage!);
        if (requested.Texts is { } texts)
        {
            agreement.Versions.Add(Version(1, texts));
        }

        db.Agreements.Add(agreement);
        audit.Add(db, actor, environmentId, AuditActions.AgreementCreated, StatusCodes.Status201Created);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<AgreementResource>.Ok(AgreementResource.Of(agreement));
    }

    public async Task<ServiceResult<AgreementResource>> ChangeAsync(
        string environmentId, string agreementId, AgreementRequest patch, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(environmentId, agreementId, tracked: true, cancellationToken) is not { } agreement)
        {
            return MissingAgreement(environmentId, agreementId);
        }

        var name = patch.Name ?? agreement.Name;
        var language = patch.DefaultLanguage ?? agreement.DefaultLanguage;
        var problems = AgreementRules.ValidateHeader(agreementId, name, language);
        if (problems.Count == 0 && agreement.Versions.Count > 0 && !agreement.Versions[^1].Texts.Keys.Contains(language, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new("defaultLanguage", $"The current version has no text in '{language}'."));
        }

        if (patch.Id is not null && patch.Id != agreementId)
        {
            problems.Add(new("id", "id cannot be changed."));
        }

        if (problems.Count > 0)
        {
            return ServiceError.Invalid(problems);
        }

        (agreement.Name, agreement.DefaultLanguage, agreement.UpdatedAt) = (name.Trim(), language, clock.GetUtcNow());
        audit.Add(db, actor, environmentId, AuditActions.AgreementUpdated, StatusCodes.Status200OK);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<AgreementResource>.Ok(AgreementResource.Of(agreement));
    }

    /// <summary>Adds a version, which becomes the current one: users who accepted an earlier one are asked again.</summary>
    public async Task<ServiceResult<AgreementResource>> AddVersionAsync(
        string environmentId, string agreementId, AgreementVersionRequest requested, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(environmentId, agreementId, tracked: true, cancellationToken) is not { } agreement)
        {
            return MissingAgreement(environmentId, agreementId);
        }

        if (AgreementRules.ValidateTexts(requested.Texts, agreement.DefaultLanguage) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        // A new list, so that the JSON column is seen as changed.
        agreement.Versions = [.. agreement.Versions, Version(agreement.Versions.Count + 1, requested.Texts!)];
        agreement.UpdatedAt = clock.GetUtcNow();
        audit.Add(db, actor, environmentId, AuditActions.AgreementVersionCreated, StatusCodes.Status201Created);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<AgreementResource>.Ok(AgreementResource.Of(agreement));
    }

    /// <summary>Deletes the agreement and the record of who accepted it; a flow step naming it fails from then on.</summary>
    public async Task<ServiceResult<bool>> DeleteAsync(string environmentId, string agreementId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(environmentId, agreementId, tracked: true, cancellationToken) is not { } agreement)
        {
            return MissingAgreement(environmentId, agreementId);
        }

        db.Agreements.Remove(agreement);
        db.AgreementAcceptances.RemoveRange(db.AgreementAcceptances.Where(a => a.EnvironmentId == environmentId && a.AgreementId == agreementId));
        audit.Add(db, actor, environmentId, AuditActions.AgreementDeleted, StatusCodes.Status204NoContent);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<bool>.Ok(true);
    }

    public async Task<ServiceResult<IReadOnlyList<AgreementAcceptanceResource>>> ListAcceptancesAsync(
        string environmentId, string userId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AsNoTracking().AnyAsync(u => u.EnvironmentId == environmentId && u.Id == userId, cancellationToken))
        {
            return ServiceError.Missing($"User '{userId}' in environment '{environmentId}'");
        }

        var accepted = await db.AgreementAcceptances.AsNoTracking()
            .Where(a => a.EnvironmentId == environmentId && a.UserId == userId)
            .ToListAsync(cancellationToken);
        return ServiceResult<IReadOnlyList<AgreementAcceptanceResource>>.Ok(accepted
            .OrderBy(a => a.AgreementId, StringComparer.Ordinal).ThenBy(a => a.Version)
            .Select(a => new AgreementAcceptanceResource(a.AgreementId, a.Version, a.AcceptedAt)).ToList());
    }

    /// <summary>Adds an imported environment's agreement with its versions, in the caller's transaction; checked by the import first.</summary>
    public void Import(string environmentId, EnvironmentFileAgreement imported)
    {
        var agreement = New(environmentId, imported.Id, imported.Name.Trim(), imported.DefaultLanguage);
        agreement.Versions = imported.Versions.Select((version, index) => Version(index + 1, version.Texts)).ToList();
        db.Agreements.Add(agreement);
    }

    private AgreementRecord New(string environmentId, string id, string name, string language)
    {
        var now = clock.GetUtcNow();
        return new AgreementRecord { EnvironmentId = environmentId, Id = id, Name = name, DefaultLanguage = language, CreatedAt = now, UpdatedAt = now };
    }

    private AgreementVersion Version(int number, IReadOnlyDictionary<string, string> texts) =>
        new(number, new Dictionary<string, string>(texts, StringComparer.OrdinalIgnoreCase), clock.GetUtcNow());

    private Task<AgreementRecord?> FindAsync(string environmentId, string agreementId, bool tracked, CancellationToken cancellationToken)
    {
        var agreements = tracked ? db.Agreements : db.Agreements.AsNoTracking();
        return agreements.FirstOrDefaultAsync(a => a.EnvironmentId == environmentId && a.Id == agreementId, cancellationToken);
    }

    private static ServiceError MissingEnvironment(string environmentId) => ServiceError.Missing($"Environment '{environmentId}'");

    private static ServiceError MissingAgreement(string environmentId, string agreementId) =>
        ServiceError.Missing($"Agreement '{agreementId}' in environment '{environmentId}'");
}
