namespace Flows.Activities;

/// <summary>The answers a user gives to a consent step, as the flow records them in <see cref="FlowVariables.ConsentDecision"/>.</summary>
public static class ConsentDecisions
{
    public const string Granted = "granted";

    public const string Denied = "denied";
}
