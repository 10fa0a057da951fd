namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.MustChangePassword"/> step: the body of
/// <see cref="FlowActions.PasswordReset"/> and what the prompt gives the UI.
/// </summary>
public static class MustChangePasswordFields
{
    public const string CurrentPassword = "currentPassword";

    public const string NewPassword = "newPassword";

    /// <summary>In the prompt only: the user the password is changed for, so password managers know the account.</summary>
    public const string Username = "username";
}
