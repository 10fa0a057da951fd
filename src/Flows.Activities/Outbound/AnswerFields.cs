using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Engine.Activities;

namespace Flows.Activities.Outbound;

/// <summary>
/// Reads an outside party's answer: the outcome it names, and the fields a node keeps as flow variables. Kept fields
/// live under the node's id (<c>{node}.{field}</c>), so an answer can never overwrite what the server put in the
/// flow (the requested acr, the login hint, the consent) — and CheckUser's <c>hasVariable</c> tests them there.
/// </summary>
public static class AnswerFields
{
    public const string Outcome = "outcome";

    private const int MaxValueLength = 1024;

    /// <summary>The answer's outcome when it is one the node lists, else null.</summary>
    public static string? OutcomeOf(JsonObject answer, IReadOnlyList<string> outcomes) =>
        answer.TryGetPropertyValue(Outcome, out var value) && value is JsonValue text && text.TryGetValue<string>(out var name)
            && outcomes.Contains(name.Trim(), StringComparer.Ordinal)
            ? name.Trim()
            : null;

    /// <summary>Keeps the named fields that hold a string, number or boolean of reasonable size; others are left out.</summary>
    public static void Keep(ActivityContext context, JsonObject source, IReadOnlyList<string> fields)
    {
        foreach (var field in fields.Select(name => name.Trim()).Where(IsFieldName).Distinct(StringComparer.Ordinal))
        {
            if (source.TryGetPropertyValue(field, out var value) && value is JsonValue scalar && Fits(scalar))
            {
                context.SetNodeVariable(field, JsonSerializer.SerializeToElement(scalar));
            }
            else
            {
                // A field the answer no longer gives must not keep an earlier call's value.
                context.RemoveNodeVariable(field);
            }
        }
    }

    private static bool Fits(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>().Length <= MaxValueLength,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => true,
        _ => false,
    };

    private static bool IsFieldName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
