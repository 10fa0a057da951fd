using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.Engine.Instances;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// What the registration page asks: username, e-mail, password (with the policy in words) and the user schema's
/// attributes; after a refusal, what was typed (never the password) and the problem of each field.
/// </summary>
public sealed record RegistrationView(
    string? Username, string? Email, string PasswordPolicy, IReadOnlyList<ProfileFieldView> Attributes, IReadOnlyDictionary<string, string> Problems)
{
    /// <summary>The view of a <see cref="FlowStatuses.RegistrationRequired"/> prompt (<see cref="RegistrationFields"/>).</summary>
    public static RegistrationView? From(JsonObject? data, FlowError? error, JsonElement? posted)
    {
        if (data?[RegistrationFields.PasswordPolicy] is not JsonObject policy)
        {
            return null;
        }

        var problems = (error?.Details ?? [])
            .GroupBy(detail => detail.Target, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First().Message, StringComparer.OrdinalIgnoreCase);
        var body = posted is { ValueKind: JsonValueKind.Object } typed ? JsonObject.Create(typed) : null;
        var typedAttributes = body?[RegistrationFields.Attributes] as JsonObject;
        var attributes = (data[RegistrationFields.Attributes] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(attribute => SignOnPromptData.GetString(attribute, ProfileFields.Name) is { } name
                ? new ProfileFieldView(
                    name,
                    SignOnPromptData.GetString(attribute, ProfileFields.DisplayName) ?? name,
                    ProfileView.InputType(SignOnPromptData.GetString(attribute, ProfileFields.Type)),
                    SignOnPromptData.GetString(typedAttributes, name),
                    problems.GetValueOrDefault(name))
                { Required = attribute[ProfileFields.Required] is JsonValue required && required.TryGetValue<bool>(out var flag) && flag }
                : null)
            .OfType<ProfileFieldView>()
            .ToList();
        var prefill = data[RegistrationFields.Values] as JsonObject;
        return new RegistrationView(
            SignOnPromptData.GetString(body, RegistrationFields.Username),
            SignOnPromptData.GetString(body, RegistrationFields.Email) ?? SignOnPromptData.GetString(prefill, RegistrationFields.Email),
            PolicyText(policy),
            attributes,
            problems);
    }

    public string? ProblemOf(string field) => Problems.GetValueOrDefault(field);

    private static string PolicyText(JsonObject policy)
    {
        var minimum = SignOnPromptData.GetInt(policy, RegistrationFields.MinLength) ?? 1;
        var notUsername = policy[RegistrationFields.NotUsername] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
        return $"At least {minimum} characters{(notUsername ? ", and not your username" : "")}.";
    }
}
