namespace Flows.Designer.Services;

/// <summary>An environment's user schema: the attributes its users have, which registration, the profile step and Check user go by.</summary>
public interface IDesignerUserSchema
{
    /// <summary>The schema, or null when the environment does not exist.</summary>
    Task<DesignerUserSchema?> GetAsync(string environmentId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the schema whole. Returns null when saved, else why not, to show.</summary>
    Task<DesignerUserSchemaRefusal?> SaveAsync(
        string environmentId, IReadOnlyList<DesignerUserAttribute> attributes, CancellationToken cancellationToken = default);
}

/// <summary>The attributes of a user schema and the types the server knows, to pick from.</summary>
public sealed record DesignerUserSchema(IReadOnlyList<DesignerUserAttribute> Attributes, IReadOnlyList<string> Types);

/// <summary>One attribute: its name (the key in a user's attributes), type, label, whether every user must have it, and a regular expression its value must match.</summary>
public sealed record DesignerUserAttribute(string Name, string Type, string? DisplayName, bool Required, string? Format);

/// <summary>Why a schema was not saved: a sentence to show, and the problem of each attribute, keyed by its name.</summary>
public sealed record DesignerUserSchemaRefusal(string Message, IReadOnlyDictionary<string, string> Attributes);
