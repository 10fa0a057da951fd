using System.Text.Json;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>Reads the browser's <c>PublicKeyCredential</c> JSON out of an action's body, and records what a passkey proved.</summary>
internal static class PasskeyResponses
{
    /// <summary>The credential under <paramref name="field"/>: an object, or a string holding one (as PingOne's API sends it).</summary>
    public static JsonElement? Read(FlowAction action, string field)
    {
        if (action.Body.ValueKind != JsonValueKind.Object || !action.Body.TryGetProperty(field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value.GetString()!);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records a factor proved after others, or one that is several factors itself: <c>mfa</c> follows a factor proved
    /// before in the flow, or a passkey whose authenticator verified the user (possession plus PIN or biometrics,
    /// NIST SP 800-63B §5.1.9).
    /// </summary>
    public static void RecordFactor(ActivityContext context, bool multiFactorByItself, params string[] methods)
    {
        var proved = context.State.Amr.Count > 0;
        foreach (var method in methods)
        {
            context.State.AddAuthenticationMethod(method);
        }

        if (proved || multiFactorByItself)
        {
            context.State.AddAuthenticationMethod(AuthenticationMethods.MultiFactor);
        }

        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
    }
}
