using System.Text.Json;
using Flows.Engine.Activities;

namespace Flows.Engine.Validation;

/// <summary>Checks that a JSON value fits a property's declared type; says what was expected when not.</summary>
internal static class PropertyValueChecker
{
    public static string? Problem(ActivityPropertyDescriptor property, JsonElement value) => property.Type switch
    {
        ActivityPropertyType.String when value.ValueKind != JsonValueKind.String => "a string",
        ActivityPropertyType.String when property.Required && string.IsNullOrWhiteSpace(value.GetString()) => "a non-empty string",
        ActivityPropertyType.Integer when value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out _) => "a whole number",
        ActivityPropertyType.Boolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => "true or false",
        ActivityPropertyType.StringList when !IsStringArray(value) => "a list of strings",
        ActivityPropertyType.Choice when value.ValueKind != JsonValueKind.String || !property.Options!.Contains(value.GetString()) =>
            $"one of {string.Join(", ", property.Options!)}",
        _ => null,
    };

    private static bool IsStringArray(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String);
}
