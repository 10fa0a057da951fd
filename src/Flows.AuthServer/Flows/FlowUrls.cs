namespace Flows.AuthServer.Flows;

/// <summary>The URLs of a flow: its hosted sign-on page, its JSON resource, and where a completed flow resumes.</summary>
public static class FlowUrls
{
    public static string SignOn(string environmentId, string flowId) => $"/{environmentId}/signon?flowId={Uri.EscapeDataString(flowId)}";

    public static string Resource(string environmentId, string flowId) => $"/{environmentId}/flows/{Uri.EscapeDataString(flowId)}";

    public static string Resume(string environmentId, string flowId) => $"/{environmentId}/as/resume?flowId={Uri.EscapeDataString(flowId)}";

    /// <summary>An absolute URL on the host the request came to.</summary>
    public static string Absolute(HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{path}";
}
