using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Flows;
using Flows.Engine.Instances;

namespace Flows.AuthServer.SignOn;

/// <summary>What the page shows of a flow waiting on an identity provider: its name, where to go, and whether to go at once.</summary>
public sealed record ExternalAuthenticationView(string ProviderName, string AuthenticateUrl, bool RedirectImmediately)
{
    public static ExternalAuthenticationView? From(FlowInstance instance, HttpRequest request)
    {
        if (instance.Prompt is not { } prompt || SignOnFlows.WaitedProvider(prompt) is not { } providerId)
        {
            return null;
        }

        var provider = prompt.Data?[ExternalAuthenticationFields.Provider] as JsonObject;
        var name = SignOnPromptData.GetString(provider, ExternalAuthenticationFields.Name) ?? providerId;
        var immediately = prompt.Data?[ExternalAuthenticationFields.RedirectImmediately] is JsonValue value
                          && value.TryGetValue<bool>(out var flag) && flag;
        return new ExternalAuthenticationView(
            name, FlowUrls.Local(request, FlowUrls.Authenticate(instance.EnvironmentId, providerId, instance.Id)), immediately);
    }
}
