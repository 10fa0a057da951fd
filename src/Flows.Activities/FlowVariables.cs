namespace Flows.Activities;

/// <summary>Names of flow variables the server sets from the authorization request and activities read.</summary>
public static class FlowVariables
{
    /// <summary>The OIDC <c>login_hint</c>, used to prefill the username.</summary>
    public const string LoginHint = "loginHint";
}
