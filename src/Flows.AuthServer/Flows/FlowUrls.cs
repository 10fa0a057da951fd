using Flows.Activities;
using Flows.AuthServer.Addressing;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Flows;

/// <summary>The URLs of a flow: its hosted sign-on page, its JSON resource, and where a completed flow resumes.</summary>
public static class FlowUrls
{
    public static string SignOn(string environmentId, string flowId) => $"/{environmentId}/signon?flowId={Uri.EscapeDataString(flowId)}";

    public static string Resource(string environmentId, string flowId) => $"/{environmentId}/flows/{Uri.EscapeDataString(flowId)}";

    /// <summary>Where an outside application answers a flow that waits on it (<c>RedirectToApplication</c>).</summary>
    public static string Continue(string environmentId, string flowId) => $"/{environmentId}/flows/{Uri.EscapeDataString(flowId)}/continue";

    public static string Resume(string environmentId, string flowId) => $"/{environmentId}/as/resume?flowId={Uri.EscapeDataString(flowId)}";

    /// <summary>The end-user verification endpoint of the device grant, relative to the environment's issuer.</summary>
    public const string DeviceResumePath = "/device/resume";

    /// <summary>Where a completed device verification flow resumes: the device's request it verified (RFC 8628).</summary>
    public static string DeviceResume(string environmentId, string flowId) =>
        $"/{environmentId}/as{DeviceResumePath}?flowId={Uri.EscapeDataString(flowId)}";

    /// <summary>Where the completed flow resumes: the authorization request it serves, or the device request it verified.</summary>
    public static string ResumeOf(FlowInstance instance) => DeviceAuthorizationRequest.Of(instance.State) is null
        ? Resume(instance.EnvironmentId, instance.Id)
        : DeviceResume(instance.EnvironmentId, instance.Id);

    /// <summary>Sends the browser of a flow waiting on an identity provider to that provider (a new state each time).</summary>
    public static string Authenticate(string environmentId, string providerId, string flowId) =>
        $"/{environmentId}/idp/{Uri.EscapeDataString(providerId)}/authenticate?flowId={Uri.EscapeDataString(flowId)}";

    /// <summary>An absolute URL at the request's public address (<see cref="PublicAddress"/>).</summary>
    public static string Absolute(HttpRequest request, string path) => PublicAddress.Of(request).Url(path);

    /// <summary>A path for a redirect or a link, below the request's public path base.</summary>
    public static string Local(HttpRequest request, string path) => PublicAddress.Of(request).Path(path);
}
