namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.VerificationCodeRequired"/> step: the body of <see cref="FlowActions.UserVerify"/>
/// and what the prompt gives the UI (<c>{email, remainingAttempts, remainingResends, resendAllowedAt}</c>).
/// </summary>
public static class VerificationFields
{
    public const string VerificationCode = "verificationCode";

    /// <summary>In the prompt only: the address the code went to, masked (<c>a•••@example.com</c>).</summary>
    public const string Email = "email";

    public const string RemainingAttempts = OtpFields.RemainingAttempts;

    public const string RemainingResends = MessagedCodeFields.RemainingResends;

    public const string ResendAllowedAt = MessagedCodeFields.ResendAllowedAt;
}
