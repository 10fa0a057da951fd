using Flows.Activities.IdentityProviders;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Users;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// The server's side of <see cref="IExternalIdentities"/>: providers from the <see cref="IdentityProviderCache"/>, links
/// in their table, users through the <see cref="UserService"/> (which holds the rules of creating one).
/// </summary>
public sealed class ExternalIdentities(
    ServerDbContext db, IdentityProviderCache providers, IUserDirectory users, UserService userService, TimeProvider clock) : IExternalIdentities
{
    public async Task<ExternalProvider?> FindProviderAsync(string environmentId, string providerId, CancellationToken cancellationToken) =>
        await providers.FindAsync(environmentId, providerId, cancellationToken) is { Record: var record }
            ? new ExternalProvider(record.Id, record.Name, record.Domains)
            : null;

    public async Task<DirectoryUser?> FindLinkedUserAsync(string environmentId, string providerId, string subject, CancellationToken cancellationToken)
    {
        var userId = await db.UserIdentityLinks.AsNoTracking()
            .Where(l => l.EnvironmentId == environmentId && l.ProviderId == providerId && l.Subject == subject)
            .Select(l => l.UserId)
            .FirstOrDefaultAsync(cancellationToken);
        return userId is null ? null : await users.FindByIdAsync(environmentId, userId, cancellationToken);
    }

    public async Task<DirectoryUser?> FindByEmailAsync(string environmentId, string email, CancellationToken cancellationToken)
    {
        // E-mail addresses are compared as people type them; stored ones keep their case.
        var normalized = email.Trim().ToUpperInvariant();
        var owners = await db.Users.AsNoTracking()
            .Where(u => u.EnvironmentId == environmentId && u.Email != null && u.Email.ToUpper() == normalized)
            .Select(u => u.Id)
            .Take(2)
            .ToListAsync(cancellationToken);
        return owners is [var userId] ? await users.FindByIdAsync(environmentId, userId, cancellationToken) : null;
    }

    public async Task<bool> LinkAsync(string environmentId, string providerId, string subject, string userId, CancellationToken cancellationToken)
    {
        db.UserIdentityLinks.Add(new UserIdentityLinkRecord
        {
            EnvironmentId = environmentId, ProviderId = providerId, Subject = subject, UserId = userId, CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The identity or the user is linked already (the keys are unique): never a second, silent link.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public async Task<DirectoryUser?> CreateLinkedUserAsync(
        string environmentId, string providerId, ExternalIdentity identity, CancellationToken cancellationToken)
    {
        var claims = identity.Claims;
        var username = claims.GetValueOrDefault(LocalClaims.Username) is { } wanted && Usernames.IsValid(wanted)
            && await users.FindByUsernameAsync(environmentId, wanted, cancellationToken) is null
                ? wanted
                : $"{providerId}-{identity.Subject}";
        if (!Usernames.IsValid(username))
        {
            return null;
        }

        UserRecord created;
        try
        {
            // No password: the user signs in through the provider until an administrator gives one.
            created = await userService.CreateAsync(environmentId, new NewUser(username)
            {
                Email = identity.Email,
                Name = claims.GetValueOrDefault(LocalClaims.Name),
                Attributes = claims.Where(claim => !LocalClaims.Profile.Contains(claim.Key)).ToDictionary(),
            }, cancellationToken);
        }
        catch (DuplicateUsernameException)
        {
            return null;
        }

        return await LinkAsync(environmentId, providerId, identity.Subject, created.Id, cancellationToken)
            ? await users.FindByIdAsync(environmentId, created.Id, cancellationToken)
            : null;
    }
}
