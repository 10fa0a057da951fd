using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users;

/// <summary>
/// Every rule of an environment's users, for <c>/v1</c> and any other caller alike: create, change (If-Match), delete
/// (If-Match), set a password, unlock, enroll and remove an authenticator. Each change is checked by
/// <see cref="UserValidation"/> and logged by the actor's name in the same transaction as the change; disabling,
/// deleting or a new password signs the user out everywhere (<see cref="UserSignOut"/>), so nobody stays signed in as
/// an account an administrator turned off or took back.
/// </summary>
public sealed class UserService(
    EnvironmentCatalog catalog,
    UserValidation validation,
    UserEditor editor,
    UserSignOut signOut,
    ServerDbContext db,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>The length of the email and name columns.</summary>
    public const int MaxTextLength = 256;

    /// <summary>
    /// Creates a user as an import does: the environment file was checked and is logged as a whole, so this logs
    /// nothing; throws <see cref="UserException"/> and stores nothing when it cannot.
    /// </summary>
    public Task<UserRecord> CreateAsync(string environmentId, NewUser user, CancellationToken cancellationToken) =>
        editor.CreateAsync(environmentId, user, cancellationToken);

    /// <summary>Creates a user an administrator asked for; without a password it cannot sign in with one until one is set.</summary>
    public async Task<ServiceResult<UserResource>> CreateAsync(
        string environmentId, NewUserRequest requested, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is not { } environment)
        {
            return MissingEnvironment(environmentId);
        }

        var entry = requested.ToEntry();
        if (validation.Validate(entry, environment.UserSchema) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        // Added first, so that the creation's one save stores both or neither.
        var logged = audit.Add(db, actor, environmentId, AuditActions.UserCreated, StatusCodes.Status201Created);
        UserRecord user;
        try
        {
            user = await editor.CreateAsync(environmentId, new NewUser(entry.Username)
            {
                Password = entry.Password,
                Email = entry.Email,
                Name = entry.Name,
                Enabled = entry.Enabled,
                MustChangePassword = entry.MustChangePassword,
                Groups = UserValues.Distinct(entry.Groups),
                Attributes = entry.Attributes,
            }, cancellationToken);
        }
        catch (DuplicateUsernameException)
        {
            AuditLog.Withdraw(db, logged);
            return ServiceError.Taken($"User '{entry.Username}' in environment '{environmentId}'");
        }
        catch
        {
            AuditLog.Withdraw(db, logged);
            throw;
        }

        return await StoredAsync(environmentId, user.Id, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> (what it names changes, what it leaves out stays) unless <paramref name="ifMatch"/>
    /// names an older ETag; disabling the user signs it out everywhere.
    /// </summary>
    public async Task<ServiceResult<UserResource>> ChangeAsync(
        string environmentId, string userId, UserChangeRequest change, string? ifMatch, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is not { } environment)
        {
            return MissingEnvironment(environmentId);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken);
        if (user is null)
        {
            return MissingUser(environmentId, userId);
        }

        if (!ManagementETags.Matches(ifMatch, ETagOf(user)))
        {
            return ServiceError.Stale();
        }

        if (validation.Validate(change.ToEntry(user), environment.UserSchema) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        var wasEnabled = user.Enabled;
        change.ApplyTo(user);
        if (!wasEnabled && user.Enabled)
        {
            // An administrator who enables a registration not yet verified takes it over: it is no longer purged.
            user.UnverifiedSince = null;
        }

        // Lists and maps compare by content, so an unchanged user keeps its UpdatedAt and its ETag.
        if (db.ChangeTracker.HasChanges())
        {
            user.UpdatedAt = clock.GetUtcNow();
        }

        audit.Add(db, actor, environmentId, AuditActions.UserUpdated, StatusCodes.Status200OK);
        await db.SaveChangesAsync(cancellationToken);
        if (wasEnabled && !user.Enabled)
        {
            await signOut.EndEverywhereAsync(environmentId, userId);
        }

        return await StoredAsync(environmentId, userId, cancellationToken);
    }

    /// <summary>Deletes the user unless <paramref name="ifMatch"/> names an older ETag, then ends and removes its sessions.</summary>
    public async Task<ServiceResult<bool>> DeleteAsync(
        string environmentId, string userId, string? ifMatch, AuditActor actor, CancellationToken cancellationToken)
    {
        var (user, missing) = await FindAsync(environmentId, userId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        if (!ManagementETags.Matches(ifMatch, ETagOf(user!)))
        {
            return ServiceError.Stale();
        }

        // The user first: should removing its sessions fail, none of them can sign anyone in without the user.
        if (!await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserDeleted, StatusCodes.Status204NoContent,
                () => editor.DeleteAsync(environmentId, userId, cancellationToken), cancellationToken))
        {
            return MissingUser(environmentId, userId);
        }

        await signOut.EndEverywhereAsync(environmentId, userId);
        await editor.DeleteSessionsAsync(environmentId, userId);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>
    /// Sets the user's password as an administrator does, without the current one, and signs the user out everywhere:
    /// the password may be known to someone else. The policy applies; lockout and a required change stay as they are.
    /// </summary>
    public async Task<ServiceResult<bool>> SetPasswordAsync(
        string environmentId, string userId, string? password, AuditActor actor, CancellationToken cancellationToken)
    {
        var (user, missing) = await FindAsync(environmentId, userId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        if (validation.ValidatePassword(user!.Username, password) is { } problem)
        {
            return ServiceError.Invalid([problem]);
        }

        if (!await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserPasswordSet, StatusCodes.Status204NoContent,
                () => editor.SetPasswordAsync(user, password!, cancellationToken), cancellationToken))
        {
            return MissingUser(environmentId, userId);
        }

        await signOut.EndEverywhereAsync(environmentId, userId);
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>Ends a lockout after too many wrong passwords or one-time codes, and resets both counts of failures.</summary>
    public async Task<ServiceResult<bool>> UnlockAsync(string environmentId, string userId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        return await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserUnlocked, StatusCodes.Status204NoContent,
                () => editor.UnlockAsync(environmentId, userId, cancellationToken), cancellationToken)
            ? ServiceResult<bool>.Ok(true)
            : MissingUser(environmentId, userId);
    }

    /// <summary>The user as <c>/v1</c> shows it, with the ETag a change sends back; or why there is none.</summary>
    public async Task<ServiceResult<UserResource>> GetAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var (user, missing) = await FindAsync(environmentId, userId, cancellationToken);
        return missing ?? ServiceResult<UserResource>.Ok(UserResource.Of(user!, clock.GetUtcNow()));
    }

    /// <summary>The ETag of the user as <c>/v1</c> shows it.</summary>
    private string ETagOf(UserRecord user) => ManagementETags.Of(UserResource.Of(user, clock.GetUtcNow()));

    /// <summary>The user, untracked; or why there is none.</summary>
    internal async Task<(UserRecord? User, ServiceError? Missing)> FindAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return (null, MissingEnvironment(environmentId));
        }

        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken) is { } user
            ? (user, null)
            : (null, MissingUser(environmentId, userId));
    }

    /// <summary>The user as stored: read back, so the answer and its ETag are what a later GET shows (the database rounds timestamps).</summary>
    private async Task<ServiceResult<UserResource>> StoredAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken) is { } stored
            ? ServiceResult<UserResource>.Ok(UserResource.Of(stored, clock.GetUtcNow()))
            : MissingUser(environmentId, userId);

    internal static ServiceError MissingEnvironment(string environmentId) => ServiceError.Missing($"Environment '{environmentId}'");

    internal static ServiceError MissingUser(string environmentId, string userId) =>
        ServiceError.Missing($"User '{userId}' in environment '{environmentId}'");
}
