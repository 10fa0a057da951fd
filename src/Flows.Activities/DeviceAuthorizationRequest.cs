using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// A device's authorization request (RFC 8628 §3.1) as a verification flow found it by its user code: the server finishes
/// it with the user code once the flow completes, and the user consents to the application and its scopes first.
/// </summary>
public sealed record DeviceAuthorizationRequest(string UserCode, string ClientId, string Application, IReadOnlyList<ConsentScope> Scopes)
{
    public JsonElement ToVariable() => JsonSerializer.SerializeToElement(this, JsonSerializerOptions.Web);

    /// <summary>The <see cref="FlowStatuses.DeviceConsentRequired"/> prompt: the application, and its scopes in plain words.</summary>
    public FlowPrompt ConsentPrompt() => new(FlowStatuses.DeviceConsentRequired, [FlowActions.DeviceConsent], new JsonObject
    {
        [DeviceAuthorizationFields.Application] = Application,
        [DeviceAuthorizationFields.Scopes] = new JsonArray([.. Scopes.Select(scope => (JsonNode)new JsonObject
        {
            ["scope"] = scope.Scope,
            ["description"] = scope.Description,
        })]),
    });

    /// <summary>The request of a verification flow, or null for any other flow.</summary>
    public static DeviceAuthorizationRequest? Of(FlowState state)
    {
        if (!state.Variables.TryGetValue(FlowVariables.DeviceAuthorization, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return value.Deserialize<DeviceAuthorizationRequest>(JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
