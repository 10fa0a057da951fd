using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Users;

/// <summary>
/// Tells whether a user's password is older than the environment's maximum password age. A password set before its
/// time was recorded counts from when the user was created.
/// </summary>
public sealed class PasswordAge(EnvironmentCatalog environments, TimeProvider clock)
{
    /// <summary>The longest maximum age an environment may set, in days (ten years).</summary>
    public const int MaxDays = 3650;

    public async Task<bool> HasExpiredAsync(UserRecord user, CancellationToken cancellationToken) =>
        await environments.FindAsync(user.EnvironmentId, cancellationToken) is { MaxPasswordAgeDays: > 0 and var days }
        && (user.PasswordChangedAt ?? user.CreatedAt).AddDays(days) <= clock.GetUtcNow();
}
