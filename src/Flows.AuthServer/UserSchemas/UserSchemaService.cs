using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Invalidation;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.UserSchemas;

/// <summary>
/// Every rule of an environment's user schema: read it, replace it whole (checked by <see cref="UserSchemaRules"/>,
/// audited in the same save). The schema travels with the environment's cached record, so a change is published as an
/// environment change and every node reads the new one at its next request.
/// </summary>
public sealed class UserSchemaService(ServerDbContext db, EnvironmentCatalog catalog, AuditLog audit, IChangeSignal signal)
{
    public async Task<ServiceResult<UserSchemaResource>> GetAsync(string environmentId, CancellationToken cancellationToken) =>
        await catalog.FindAsync(environmentId, cancellationToken) is { } environment
            ? ServiceResult<UserSchemaResource>.Ok(new UserSchemaResource(environment.UserSchema))
            : ServiceError.Missing($"Environment '{environmentId}'");

    public async Task<ServiceResult<UserSchemaResource>> ReplaceAsync(
        string environmentId, UserSchemaResource schema, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await db.Environments.FirstOrDefaultAsync(e => e.Id == environmentId, cancellationToken) is not { } environment)
        {
            return ServiceError.Missing($"Environment '{environmentId}'");
        }

        if (UserSchemaRules.Validate(schema.Attributes) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        environment.UserSchema = schema.Attributes.Select(attribute => attribute with { Name = attribute.Name.Trim() }).ToList();
        audit.Add(db, actor, environmentId, AuditActions.UserSchemaUpdated, StatusCodes.Status200OK);
        await db.SaveChangesAsync(cancellationToken);
        await signal.PublishAsync(CacheChange.Environment(environmentId));
        return ServiceResult<UserSchemaResource>.Ok(new UserSchemaResource(environment.UserSchema));
    }
}
