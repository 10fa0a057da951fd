namespace Flows.Activities;

/// <summary>Names of flow variables the server sets from the authorization request and activities read.</summary>
public static class FlowVariables
{
    /// <summary>The OIDC <c>login_hint</c>, used to prefill the username.</summary>
    public const string LoginHint = "loginHint";

    /// <summary>
    /// What the browser's session had already proved of the user a flow starts with (a step-up), as a
    /// <see cref="ProvenSession"/>. Activities rely on it only where their node says so.
    /// </summary>
    public const string Session = "session";
}
