namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.SignOnRequired"/> step: the body of <see cref="FlowActions.UserLookup"/>
/// and what the prompt gives the UI.
/// </summary>
public static class IdentifierFields
{
    /// <summary>The username or e-mail typed; in the prompt, the login_hint to prefill.</summary>
    public const string Username = "username";
}
