using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.UserSchemas;

/// <summary>
/// The user schema and profile writes the flows' activities see: the schema from the environment catalog, and values a
/// user gives checked by the same <see cref="UserAttributeValidator"/> as an administrator's.
/// </summary>
public sealed class UserProfiles(ServerDbContext db, EnvironmentCatalog catalog, TimeProvider clock) : IUserProfiles
{
    public async Task<IReadOnlyList<UserAttributeDefinition>> GetSchemaAsync(string environmentId, CancellationToken cancellationToken) =>
        (await catalog.FindAsync(environmentId, cancellationToken))?.UserSchema ?? [];

    public async Task<IReadOnlyList<AttributeProblem>> UpdateAttributesAsync(
        string environmentId, string userId, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var schema = await GetSchemaAsync(environmentId, cancellationToken);
        var problems = UserAttributeValidator.Validate(schema, values, requireAll: false);
        if (problems.Count > 0)
        {
            return problems;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken);
        if (user is null)
        {
            return [];
        }

        foreach (var (name, value) in values)
        {
            user.Attributes[name] = value.Trim();
        }

        user.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }
}
