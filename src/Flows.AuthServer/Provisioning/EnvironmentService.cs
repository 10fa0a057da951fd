using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Invalidation;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Provisioning;

/// <summary>
/// Every rule of the server's environments, for <c>/v1</c> and the designer alike: create one (as an import does),
/// import a file, change its name or default flow (If-Match), delete it with all it holds (If-Match; never the admin
/// environment), read and export them. Each change is logged by the actor's name under its <see cref="AuditActions"/> name.
/// Creating an environment is a change of the server's, not one made inside it: its entry names no environment, and
/// the new environment's log starts empty.
/// </summary>
public sealed class EnvironmentService(
    EnvironmentCatalog catalog,
    EnvironmentFileValidator validator,
    ShippedFlows shippedFlows,
    PublishedFlows publishedFlows,
    EnvironmentImporter importer,
    EnvironmentExporter exporter,
    EnvironmentRemover remover,
    IChangeSignal signal,
    ServerDbContext db,
    AuditLog audit)
{
    /// <summary>The environments in id order, a page at a time.</summary>
    public async Task<ServiceResult<ListPage<EnvironmentRecord>>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        var after = page.AfterKey(problems);
        if (problems.Count > 0)
        {
            return ServiceError.Invalid(problems);
        }

        var environments = db.Environments.AsNoTracking();
        if (after is not null)
        {
            environments = environments.Where(e => string.Compare(e.Id, after) > 0);
        }

        var rows = await environments.OrderBy(e => e.Id).Take(page.PageSize + 1).ToListAsync(cancellationToken);
        return ServiceResult<ListPage<EnvironmentRecord>>.Ok(new(rows.Take(page.PageSize).ToList(), page.NextAfter(rows, e => e.Id)));
    }

    public async Task<ServiceResult<EnvironmentRecord>> GetAsync(string environmentId, CancellationToken cancellationToken) =>
        await catalog.FindAsync(environmentId, cancellationToken) is { } environment
            ? ServiceResult<EnvironmentRecord>.Ok(environment)
            : Missing(environmentId);

    /// <summary>The environment as an environment file, which imports as an equivalent one: never a secret.</summary>
    public async Task<ServiceResult<EnvironmentFile>> ExportAsync(string environmentId, CancellationToken cancellationToken) =>
        await catalog.FindAsync(environmentId, cancellationToken) is { } environment
            ? ServiceResult<EnvironmentFile>.Ok(await exporter.ExportAsync(environment, cancellationToken))
            : Missing(environmentId);

    /// <summary>An empty environment with its keys and the shipped flows; its id must be new.</summary>
    public async Task<ServiceResult<EnvironmentRecord>> CreateAsync(NewEnvironmentRequest requested, AuditActor actor, CancellationToken cancellationToken)
    {
        var file = requested.ToFile();
        if (validator.ValidateEnvironment(file, shippedFlows.Ids) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        var imported = await ImportCheckedAsync(file, actor, AuditActions.EnvironmentCreated, cancellationToken);
        return imported.Error ?? ServiceResult<EnvironmentRecord>.Ok(imported.Value!.Environment);
    }

    /// <summary>A new environment from an environment file; the answer holds the secrets generated for it, this once.</summary>
    public async Task<ServiceResult<ImportedEnvironment>> ImportAsync(EnvironmentFile file, AuditActor actor, CancellationToken cancellationToken)
    {
        // A new environment has the shipped flows only: its applications may be bound to those.
        if (validator.ValidateFile(file, shippedFlows.Ids) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        return await ImportCheckedAsync(file, actor, AuditActions.EnvironmentImported, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="patch"/> unless <paramref name="ifMatch"/> names an older ETag of the environment as
    /// shown at <paramref name="origin"/>; the default flow must be published in it. Effective at the next request.
    /// </summary>
    public async Task<ServiceResult<EnvironmentResource>> ChangeAsync(
        string environmentId, EnvironmentPatchRequest patch, string? ifMatch, string origin, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await db.Environments.FirstOrDefaultAsync(e => e.Id == environmentId, cancellationToken) is not { } environment)
        {
            return Missing(environmentId);
        }

        if (!ManagementETags.Matches(ifMatch, ManagementETags.Of(EnvironmentResource.Of(environment, origin))))
        {
            return ServiceError.Stale();
        }

        var changed = patch.Apply(environment);
        if (validator.ValidateEnvironment(changed, await publishedFlows.IdsAsync(environmentId, cancellationToken)) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        (environment.Name, environment.DefaultFlowId) = (changed.Name, changed.DefaultFlow);
        environment.MaxPasswordAgeDays = changed.MaxPasswordAgeDays is > 0 ? changed.MaxPasswordAgeDays : null;
        audit.Add(db, actor, environmentId, AuditActions.EnvironmentUpdated, StatusCodes.Status200OK);
        await db.SaveChangesAsync(cancellationToken);

        // Every request finds environments through the catalog: the next one, on any node, must see the change.
        await signal.PublishAsync(CacheChange.Environment(environmentId));
        return ServiceResult<EnvironmentResource>.Ok(EnvironmentResource.Of(environment, origin));
    }

    /// <summary>
    /// Deletes the environment with its applications, tokens, users, sessions, keys and flows unless
    /// <paramref name="ifMatch"/> names an older ETag; its issuer stops answering at once.
    /// </summary>
    public async Task<ServiceResult<bool>> DeleteAsync(
        string environmentId, string? ifMatch, string origin, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == environmentId, cancellationToken) is not { } environment)
        {
            return Missing(environmentId);
        }

        // The management API and the designer sign in through it: deleting it would lock every administrator out.
        if (environmentId == AdminEnvironment.Id)
        {
            return ServiceError.InConflict($"The '{environmentId}' environment holds the administrators and cannot be deleted.");
        }

        if (!ManagementETags.Matches(ifMatch, ManagementETags.Of(EnvironmentResource.Of(environment, origin))))
        {
            return ServiceError.Stale();
        }

        // The removal commits its own transaction and the engine's; the entry follows, whatever the caller does meanwhile.
        if (!await remover.DeleteAsync(environmentId, cancellationToken))
        {
            return Missing(environmentId);
        }

        await audit.RecordAsync(db, actor, environmentId, AuditActions.EnvironmentDeleted, StatusCodes.Status204NoContent);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>Imports a checked file unless its id is taken, and logs the creation under <paramref name="action"/>.</summary>
    private async Task<ServiceResult<ImportedEnvironment>> ImportCheckedAsync(
        EnvironmentFile file, AuditActor actor, string action, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(file.Id, cancellationToken))
        {
            return Taken(file.Id);
        }

        EnvironmentImportResult result;
        try
        {
            result = await importer.ImportAsync(file, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request created the same id between the check and the insert; any other failure is the server's.
            if (await ExistsAsync(file.Id, cancellationToken))
            {
                return Taken(file.Id);
            }

            throw;
        }

        // An environment created meanwhile by another request makes the import skip: the same conflict.
        if (!result.Created)
        {
            return Taken(file.Id);
        }

        await audit.RecordAsync(db, actor, environmentId: null, action, StatusCodes.Status201Created);
        var created = await db.Environments.AsNoTracking().FirstAsync(e => e.Id == file.Id, CancellationToken.None);
        return ServiceResult<ImportedEnvironment>.Ok(new ImportedEnvironment(created, result));
    }

    private Task<bool> ExistsAsync(string environmentId, CancellationToken cancellationToken) =>
        db.Environments.AsNoTracking().AnyAsync(e => e.Id == environmentId, cancellationToken);

    private static ServiceError Missing(string environmentId) => ServiceError.Missing($"Environment '{environmentId}'");

    private static ServiceError Taken(string environmentId) => ServiceError.Taken($"Environment '{environmentId}'");
}

/// <summary>A created environment, and what its import generated (shown this once).</summary>
public sealed record ImportedEnvironment(EnvironmentRecord Environment, EnvironmentImportResult Import);
