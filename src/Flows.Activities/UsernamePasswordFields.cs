namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.UsernamePasswordRequired"/> step: the body of
/// <see cref="FlowActions.UsernamePasswordCheck"/> and what the prompt gives the UI.
/// </summary>
public static class UsernamePasswordFields
{
    /// <summary>The username typed; in the prompt, the one to prefill (the login_hint or the known user).</summary>
    public const string Username = "username";

    public const string Password = "password";

    /// <summary>In the prompt only: <c>{username}</c> of the user the flow already knows, whose username is fixed.</summary>
    public const string User = "user";
}
