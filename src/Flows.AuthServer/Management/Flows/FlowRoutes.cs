namespace Flows.AuthServer.Management.Flows;

/// <summary>Where flow definitions live inside the <c>/v1</c> group.</summary>
public static class FlowRoutes
{
    public const string Flows = "/flows";

    /// <summary>The flows of one environment.</summary>
    public const string Collection = ManagementRoutes.Environment + Flows;

    /// <summary>One flow of an environment, and the prefix of its draft and versions.</summary>
    public const string Flow = Collection + "/{flowId}";

    /// <summary>The activity catalog, the same in every environment.</summary>
    public const string Activities = "/activities";

    /// <summary>The absolute path of one flow, for Location headers.</summary>
    public static string FlowPath(string environmentId, string flowId) =>
        $"{ManagementRoutes.EnvironmentPath(environmentId)}{Flows}/{Uri.EscapeDataString(flowId)}";
}
