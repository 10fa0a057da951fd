using System.Text.Json;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// What a third-party application asks the user of a flow to consent to: the server writes it into
/// <see cref="FlowVariables.Consent"/>, and the flow asks before it signs the user in. <see cref="Forced"/> asks even
/// when the user allowed it before (OIDC Core §3.1.2.1 prompt=consent).
/// </summary>
public sealed record ConsentRequest(string Application, IReadOnlyList<ConsentScope> Scopes, bool Forced)
{
    public JsonElement ToVariable() => JsonSerializer.SerializeToElement(this, JsonSerializerOptions.Web);

    /// <summary>The request the flow was started with, or null when its application asks for no consent.</summary>
    public static ConsentRequest? Of(FlowState state)
    {
        if (!state.Variables.TryGetValue(FlowVariables.Consent, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return value.Deserialize<ConsentRequest>(JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The user's recorded answer, or null when they gave none.</summary>
    public static string? DecisionOf(FlowState state) =>
        state.Variables.TryGetValue(FlowVariables.ConsentDecision, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>One scope asked for, and what it lets the application do, in the words the user reads.</summary>
public sealed record ConsentScope(string Scope, string Description);
