namespace Flows.Activities.Users;

/// <summary>How activities read an environment's user schema and complete a user's profile with values it asks for.</summary>
public interface IUserProfiles
{
    /// <summary>The environment's user schema; empty when it has none.</summary>
    Task<IReadOnlyList<UserAttributeDefinition>> GetSchemaAsync(string environmentId, CancellationToken cancellationToken);

    /// <summary>
    /// Validates the values against the schema and, when none is refused, stores them on the user (other attributes
    /// stay). Returns the problems; nothing is stored when there are any.
    /// </summary>
    Task<IReadOnlyList<AttributeProblem>> UpdateAttributesAsync(
        string environmentId, string userId, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken);
}
