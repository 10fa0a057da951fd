using System.Text.Json.Serialization;

namespace Flows.Activities.Users;

/// <summary>
/// One attribute of an environment's user schema: its name (the key in a user's attributes), its type (one of
/// <see cref="UserAttributeTypes"/>), whether every user must have it, an optional regular expression its value must
/// match, and the label a form shows.
/// </summary>
public sealed record UserAttributeDefinition
{
    public required string Name { get; init; }

    public string Type { get; init; } = UserAttributeTypes.String;

    public string? DisplayName { get; init; }

    public bool Required { get; init; }

    /// <summary>A .NET regular expression the whole value must match, on top of what the type asks.</summary>
    public string? Format { get; init; }

    /// <summary>What a form calls the attribute: its display name, else its name.</summary>
    [JsonIgnore]
    public string Label => string.IsNullOrWhiteSpace(DisplayName) ? Name : DisplayName;
}

/// <summary>The types a user attribute can have; values are always stored as text.</summary>
public static class UserAttributeTypes
{
    public const string String = "string";
    public const string Email = "email";
    public const string Phone = "phone";

    /// <summary>A calendar date written as ISO 8601 <c>yyyy-MM-dd</c>.</summary>
    public const string Date = "date";

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public const string Boolean = "boolean";

    /// <summary>A decimal number written with a dot, e.g. <c>-12.5</c>.</summary>
    public const string Number = "number";

    public static IReadOnlyList<string> All { get; } = [String, Email, Phone, Date, Boolean, Number];
}
