using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.Activities.Users;

namespace Flows.AuthServer.SignOn;

/// <summary>What the profile page asks: one field per missing attribute, with the value typed and its problem after a refusal.</summary>
public sealed record ProfileView(IReadOnlyList<ProfileFieldView> Fields)
{
    /// <summary>The view of a <see cref="FlowStatuses.ProfileDataRequired"/> prompt (<see cref="ProfileFields"/>), or null when it asks nothing.</summary>
    public static ProfileView? From(JsonObject? data)
    {
        if (data?[ProfileFields.Attributes] is not JsonArray attributes)
        {
            return null;
        }

        var problems = (data[ProfileFields.Problems] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(problem => (Attribute: SignOnPromptData.GetString(problem, ProfileFields.Attribute), Message: SignOnPromptData.GetString(problem, ProfileFields.Message)))
            .Where(problem => problem.Attribute is not null && problem.Message is not null)
            .GroupBy(problem => problem.Attribute!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First().Message!, StringComparer.OrdinalIgnoreCase);
        var fields = attributes.OfType<JsonObject>()
            .Select(attribute => SignOnPromptData.GetString(attribute, ProfileFields.Name) is { } name
                ? new ProfileFieldView(
                    name,
                    SignOnPromptData.GetString(attribute, ProfileFields.DisplayName) ?? name,
                    InputType(SignOnPromptData.GetString(attribute, ProfileFields.Type)),
                    SignOnPromptData.GetString(attribute, ProfileFields.Value),
                    problems.GetValueOrDefault(name))
                : null)
            .OfType<ProfileFieldView>()
            .ToList();
        return fields.Count == 0 ? null : new ProfileView(fields);
    }

    /// <summary>The HTML input type for an attribute type; the server checks the value whatever the browser did.</summary>
    public static string InputType(string? type) => type switch
    {
        UserAttributeTypes.Email => "email",
        UserAttributeTypes.Phone => "tel",
        UserAttributeTypes.Date => "date",
        UserAttributeTypes.Number => "text",
        _ => "text",
    };
}

/// <summary>One field of the profile page; <see cref="FormName"/> binds it to the <c>attributes</c> of <c>user.update</c>.</summary>
public sealed record ProfileFieldView(string Name, string Label, string InputType, string? Value, string? Problem)
{
    /// <summary>Whether the field must be filled in; a profile step asks only for what is missing, so always there.</summary>
    public bool Required { get; init; } = true;

    public string FormName => $"{ProfileFields.Attributes}[{Name}]";

    public string ElementId => $"attribute-{Name}";
}
