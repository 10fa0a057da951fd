namespace Flows.Activities;

/// <summary>The groups of the designer's palette.</summary>
public static class ActivityCategories
{
    public const string Login = "Login";

    public const string Mfa = "MFA";

    public const string Conditions = "Conditions";

    /// <summary>Steps in which users manage their own account: registration, verification, a forgotten password.</summary>
    public const string SelfService = "Self-service";

    /// <summary>Steps that reach outside the server: services it calls, applications it sends the user to.</summary>
    public const string External = "External";

    /// <summary>Steps that run another flow of the environment within this one, and end such a flow.</summary>
    public const string SubFlows = "Sub-flows";

    /// <summary>Steps that end the flow.</summary>
    public const string Results = "Results";
}
