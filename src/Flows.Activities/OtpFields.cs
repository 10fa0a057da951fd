namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.OtpRequired"/> step: the body of <see cref="FlowActions.OtpCheck"/>
/// and what the prompt gives the UI.
/// </summary>
public static class OtpFields
{
    /// <summary>The code of the user's authenticator.</summary>
    public const string Code = "otp";

    /// <summary>In the prompt only: how many more codes the user may try.</summary>
    public const string RemainingAttempts = "remainingAttempts";
}
