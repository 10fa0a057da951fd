using System.Globalization;

namespace Flows.Activities.Users;

/// <summary>
/// Whether a user's attribute value equals an expected one, as the attribute's schema type reads them: numbers by
/// value (<c>42</c> is <c>42.0</c>), booleans case-insensitively; any other type, an attribute outside the schema or a
/// value that does not parse as its type, character for character.
/// </summary>
public static class UserAttributeComparison
{
    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    public static bool AreEqual(UserAttributeDefinition? attribute, string stored, string expected) => attribute?.Type switch
    {
        UserAttributeTypes.Number when TryNumber(stored, out var left) && TryNumber(expected, out var right) => left == right,
        UserAttributeTypes.Boolean when TryBoolean(stored, out var left) && TryBoolean(expected, out var right) => left == right,
        _ => string.Equals(stored, expected, StringComparison.Ordinal),
    };

    /// <summary>The schema's definition of <paramref name="name"/>; names are matched case-insensitively, as the schema keeps them unique.</summary>
    public static UserAttributeDefinition? Find(IReadOnlyList<UserAttributeDefinition> schema, string name) =>
        schema.FirstOrDefault(attribute => string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool TryNumber(string text, out decimal number) =>
        decimal.TryParse(text.Trim(), NumberStyle, CultureInfo.InvariantCulture, out number);

    // bool.TryParse reads "true" and "false" in any case, the only two words the validator lets a boolean attribute hold.
    private static bool TryBoolean(string text, out bool value) => bool.TryParse(text, out value);
}
