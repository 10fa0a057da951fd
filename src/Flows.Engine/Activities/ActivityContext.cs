using System.Text.Json;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;

namespace Flows.Engine.Activities;

/// <summary>What an activity sees of the running instance: its environment, its node and the flow's state.</summary>
/// <param name="scope">
/// Inside a sub-flow, the path of the calling nodes (e.g. <c>mfa/</c>): the node variables of a sub-flow's nodes are kept
/// apart from the caller's nodes of the same id, and apart per calling node.
/// </param>
public sealed class ActivityContext(FlowInstance instance, FlowNode node, TimeProvider clock, CancellationToken cancellationToken, string? scope = null)
{
    public string EnvironmentId => instance.EnvironmentId;

    public string InstanceId => instance.Id;

    public string? ApplicationId => instance.ApplicationId;

    public FlowNode Node => node;

    /// <summary>The user found so far, authentication methods, claims and variables; persisted with the instance.</summary>
    public FlowState State => instance.State;

    /// <summary>The prompt the instance is suspended on, when resuming.</summary>
    public FlowPrompt? CurrentPrompt => instance.Prompt;

    public TimeProvider Clock => clock;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>A variable private to this node, such as an attempt counter.</summary>
    public T? GetNodeVariable<T>(string name) =>
        State.Variables.TryGetValue(NodeKey(name), out var value) ? value.Deserialize<T>() : default;

    public void SetNodeVariable<T>(string name, T value) =>
        State.Variables[NodeKey(name)] = JsonSerializer.SerializeToElement(value);

    public void RemoveNodeVariable(string name) => State.Variables.Remove(NodeKey(name));

    private string NodeKey(string name) => $"{scope}{node.Id}.{name}";
}
