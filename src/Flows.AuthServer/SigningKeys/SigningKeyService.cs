using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Protocol;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.SigningKeys;

/// <summary>
/// The signing keys of an environment as an administrator sees and rotates them: the list (never key material), and
/// a rotation on demand — the next key, already published, signs from now on — logged by the actor's name in the
/// same transaction as the rotation.
/// </summary>
public sealed class SigningKeyService(
    EnvironmentCatalog catalog, EnvironmentKeyStore keys, SigningKeyRotation rotation, ServerDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>The environment's signing keys: active, next, previous, retired.</summary>
    public async Task<ServiceResult<IReadOnlyList<SigningKeyResource>>> ListAsync(string environmentId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        return ServiceResult<IReadOnlyList<SigningKeyResource>>.Ok(await KeysAsync(environmentId, cancellationToken));
    }

    /// <summary>
    /// Makes the next key the active one, the active one previous, and publishes a new next key. Refused when another
    /// rotation of the environment changed its keys at the same moment.
    /// </summary>
    public async Task<ServiceResult<IReadOnlyList<SigningKeyResource>>> RotateAsync(
        string environmentId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        await keys.EnsureKeysAsync(environmentId, cancellationToken);
        var (active, next) = await SigningKeyRotation.ReadAsync(db, environmentId, cancellationToken);
        if (active is null || next is null)
        {
            return Concurrent();
        }

        var prepared = rotation.Prepare(environmentId, active, next);
        if (!await audit.RecordWithAsync(db, actor, environmentId, AuditActions.SigningKeysRotated, StatusCodes.Status200OK,
                () => SigningKeyRotation.ApplyAsync(db, prepared, cancellationToken), cancellationToken))
        {
            return Concurrent();
        }

        await rotation.CommittedAsync(environmentId);
        return ServiceResult<IReadOnlyList<SigningKeyResource>>.Ok(await KeysAsync(environmentId, CancellationToken.None));
    }

    private async Task<IReadOnlyList<SigningKeyResource>> KeysAsync(string environmentId, CancellationToken cancellationToken) =>
        SigningKeyResource.Of(
            await db.SigningKeys.AsNoTracking().Where(k => k.EnvironmentId == environmentId).ToListAsync(cancellationToken),
            clock.GetUtcNow());

    private static ServiceError MissingEnvironment(string environmentId) => ServiceError.Missing($"Environment '{environmentId}'");

    private static ServiceError Concurrent() =>
        ServiceError.InConflict("The signing keys changed while they were being rotated; read them again and retry.");
}
