namespace Flows.Activities;

/// <summary>The flow statuses clients see while a flow waits on the user (CONTRACT.md, flow orchestration API).</summary>
public static class FlowStatuses
{
    public const string UsernamePasswordRequired = "USERNAME_PASSWORD_REQUIRED";

    public const string MustChangePassword = "MUST_CHANGE_PASSWORD";

    public const string OtpRequired = "OTP_REQUIRED";

    /// <summary>The user has no authenticator yet: the prompt shows a new key and asks for a code from it.</summary>
    public const string OtpEnrollmentRequired = "OTP_ENROLLMENT_REQUIRED";
}
