namespace Flows.Engine.Runtime;

/// <summary>Limits of the runner.</summary>
public sealed class FlowEngineOptions
{
    /// <summary>How long a flow may wait on the user between two steps (default 15 minutes).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The most steps one request may run; a flow that loops without asking the user fails instead.</summary>
    public int StepBudget { get; set; } = 100;
}
