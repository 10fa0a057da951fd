using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flows.Engine.Instances;

/// <summary>What a flow has learned so far; serialized as one JSON column with the instance.</summary>
public sealed class FlowState
{
    public string? UserId { get; set; }

    public string? Username { get; set; }

    /// <summary>Authentication methods used so far (RFC 8176 values: pwd, otp, mfa …).</summary>
    public List<string> Amr { get; set; } = [];

    public string? Acr { get; set; }

    public DateTimeOffset? AuthenticatedAt { get; set; }

    public Dictionary<string, string> Claims { get; set; } = [];

    /// <summary>Inputs from the request (e.g. <c>loginHint</c>) and activities' own variables.</summary>
    public Dictionary<string, JsonElement> Variables { get; set; } = [];

    /// <summary>
    /// The sub-flows being run, outermost first; null while the instance runs its own definition. The instance's
    /// <see cref="FlowInstance.CurrentNodeId"/> stays at the node that entered the first of them.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<SubFlowFrame>? SubFlows { get; set; }

    public void AddAuthenticationMethod(string method)
    {
        if (!Amr.Contains(method))
        {
            Amr.Add(method);
        }
    }
}
