using System.Buffers.Text;
using Fido2NetLib.Objects;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.Passkeys;

/// <summary>The stored passkeys: found by credential id, added once, their signature counter moved on only forward.</summary>
public sealed class PasskeyCredentials(ServerDbContext db)
{
    public Task<bool> HasAnyAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        db.PasskeyCredentials.AnyAsync(p => p.EnvironmentId == environmentId && p.UserId == userId, cancellationToken);

    public async Task<IReadOnlyList<PasskeyCredentialRecord>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        await db.PasskeyCredentials.AsNoTracking()
            .Where(p => p.EnvironmentId == environmentId && p.UserId == userId)
            .OrderBy(p => p.CreatedAt)
            .ToListAsync(cancellationToken);

    public Task<PasskeyCredentialRecord?> FindAsync(string environmentId, string credentialId, CancellationToken cancellationToken) =>
        db.PasskeyCredentials.AsNoTracking().FirstOrDefaultAsync(p => p.EnvironmentId == environmentId && p.CredentialId == credentialId, cancellationToken);

    public Task<bool> ExistsAsync(string environmentId, byte[] credentialId, CancellationToken cancellationToken)
    {
        var id = Base64Url.EncodeToString(credentialId);
        return db.PasskeyCredentials.AnyAsync(p => p.EnvironmentId == environmentId && p.CredentialId == id, cancellationToken);
    }

    /// <summary>Stores a verified credential; false when its id is taken (registered meanwhile) or the user is gone.</summary>
    public async Task<bool> TryAddAsync(
        string environmentId, string userId, RegisteredPublicKeyCredential credential, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken))
        {
            return false;
        }

        var record = new PasskeyCredentialRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            EnvironmentId = environmentId,
            UserId = userId,
            CredentialId = Base64Url.EncodeToString(credential.Id),
            PublicKey = credential.PublicKey,
            UserHandle = credential.User.Id,
            SignCount = credential.SignCount,
            Transports = credential.Transports is { Length: > 0 } transports ? string.Join(',', transports.Select(t => t.ToString())) : null,
            AaGuid = credential.AaGuid,
            BackupEligible = credential.IsBackupEligible,
            CreatedAt = now,
        };
        db.PasskeyCredentials.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique credential id: two registrations of one credential, one stored.
            db.Entry(record).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>
    /// Moves the passkey's counter to <paramref name="signCount"/>, only from the value read before verifying; an
    /// authenticator that keeps no counter (always 0) keeps 0 (WebAuthn §6.1.1).
    /// </summary>
    public async Task<bool> TryAdvanceAsync(PasskeyCredentialRecord read, uint signCount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var updated = await db.PasskeyCredentials
            .Where(p => p.Id == read.Id && p.SignCount == read.SignCount && (signCount > read.SignCount || (signCount == 0 && read.SignCount == 0)))
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.SignCount, (long)signCount).SetProperty(p => p.LastUsedAt, now), cancellationToken);
        return updated == 1;
    }

    public async Task<bool> RemoveAsync(string environmentId, string userId, string passkeyId, CancellationToken cancellationToken) =>
        await db.PasskeyCredentials.Where(p => p.EnvironmentId == environmentId && p.UserId == userId && p.Id == passkeyId)
            .ExecuteDeleteAsync(cancellationToken) == 1;

    public static AuthenticatorTransport[]? TransportsOf(PasskeyCredentialRecord passkey) =>
        passkey.Transports?.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => Enum.TryParse<AuthenticatorTransport>(name, ignoreCase: true, out var transport) ? (AuthenticatorTransport?)transport : null)
            .OfType<AuthenticatorTransport>()
            .ToArray();
}
