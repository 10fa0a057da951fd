using Flows.Engine.Instances;

namespace Flows.AuthServer.FlowInstances;

/// <summary>Instance statuses as the API spells them: upper case, like the flow API's statuses (SUSPENDED, COMPLETED).</summary>
public static class FlowInstanceStatuses
{
    private static readonly IReadOnlyDictionary<string, FlowInstanceStatus> ByName =
        Enum.GetValues<FlowInstanceStatus>().ToDictionary(Name, status => status, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Names => ByName.Keys;

    public static string Name(FlowInstanceStatus status) => status.ToString().ToUpperInvariant();

    /// <summary>Only the names; numbers, which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would take, are refused.</summary>
    public static bool TryParse(string text, out FlowInstanceStatus status) => ByName.TryGetValue(text, out status);
}
