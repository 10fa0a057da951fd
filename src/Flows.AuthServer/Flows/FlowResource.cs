using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Flows;

/// <summary>
/// A flow as the JSON API shows it (PingOne's shape): status, a HAL link per accepted action, what the step
/// needs to render, the error of the last failed attempt, and the resume URL once completed.
/// </summary>
public static class FlowResource
{
    public static JsonObject Of(FlowInstance instance, HttpRequest request)
    {
        var self = FlowUrls.Absolute(request, FlowUrls.Resource(instance.EnvironmentId, instance.Id));
        var links = new JsonObject { ["self"] = Link(self) };
        foreach (var action in instance.Prompt?.Actions ?? [])
        {
            if (action == FlowActions.ExternalContinue)
            {
                AddExternalLinks(instance, request, links);
                continue;
            }

            links[action] = Link(self);
        }

        if (instance.Prompt is { } prompt && prompt.Accepts(FlowActions.Authenticate) && SignOnFlows.WaitedProvider(prompt) is { } provider)
        {
            // The browser goes there; the provider's answer comes back to the server's callback, never to this resource.
            links[FlowActions.Authenticate] = Link(FlowUrls.Absolute(request, FlowUrls.Authenticate(instance.EnvironmentId, provider, instance.Id)));
        }

        if (instance.Status == FlowInstanceStatus.Suspended)
        {
            links[FlowActions.SessionReset] = Link(self);
        }

        var resource = new JsonObject
        {
            ["id"] = instance.Id,
            ["environment"] = new JsonObject { ["id"] = instance.EnvironmentId },
            ["status"] = StatusOf(instance),
            ["_links"] = links,
            ["expiresAt"] = instance.ExpiresAt.ToString("O"),
        };

        if (instance.Prompt?.Data is { } data)
        {
            resource["_embedded"] = data.DeepClone();
        }

        if ((instance.Prompt?.Error ?? instance.Error) is { } error)
        {
            resource["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
        }

        if (instance.Status == FlowInstanceStatus.Completed)
        {
            resource["resumeUrl"] = FlowUrls.Absolute(request, FlowUrls.ResumeOf(instance));
            resource["_embedded"] = new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = instance.State.UserId, ["username"] = instance.State.Username },
            };
        }

        return resource;
    }

    /// <summary>The flow status a client sees: the prompt's while waiting, else how the flow ended.</summary>
    public static string StatusOf(FlowInstance instance) => instance.Status switch
    {
        FlowInstanceStatus.Suspended => instance.Prompt!.Status,
        FlowInstanceStatus.Completed => FlowStatuses.Completed,
        _ => FlowStatuses.Failed,
    };

    /// <summary>
    /// A flow that waits on an outside application: the browser goes to <c>redirect</c> (the application, with the
    /// signed continue token), and the application answers at <c>continue</c>; the flow API itself takes no answer.
    /// </summary>
    private static void AddExternalLinks(FlowInstance instance, HttpRequest request, JsonObject links)
    {
        links[ExternalLinks.Continue] = Link(FlowUrls.Absolute(request, FlowUrls.Continue(instance.EnvironmentId, instance.Id)));
        if (instance.Prompt?.Data?[Activities.Outbound.ApplicationAnswerFields.RedirectUrl]?.GetValue<string>() is { } redirect)
        {
            links[ExternalLinks.Redirect] = Link(redirect);
        }
    }

    private static JsonObject Link(string href) => new() { ["href"] = href };
}

/// <summary>The HAL link names of a flow that waits on an outside application.</summary>
public static class ExternalLinks
{
    public const string Redirect = "redirect";

    public const string Continue = "continue";
}
