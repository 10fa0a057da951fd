namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.ConsentRequired"/> step: the body of <see cref="FlowActions.UserConsent"/>
/// and what the prompt gives the UI.
/// </summary>
public static class ConsentFields
{
    /// <summary>True to allow what the application asks for, false to refuse it.</summary>
    public const string Accept = "accept";

    /// <summary>In the prompt only: the application's name.</summary>
    public const string Application = "application";

    /// <summary>In the prompt only: each scope asked for, with what it allows in plain words.</summary>
    public const string Scopes = "scopes";
}
