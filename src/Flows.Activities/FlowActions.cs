namespace Flows.Activities;

/// <summary>
/// The actions a prompt accepts, named as in CONTRACT.md without the <c>application/vnd.pingidentity.</c>
/// prefix and <c>+json</c> suffix of their content type.
/// </summary>
public static class FlowActions
{
    /// <summary>Body <c>{username, password}</c>.</summary>
    public const string UsernamePasswordCheck = "usernamePassword.check";

    /// <summary>Body <c>{currentPassword, newPassword}</c>.</summary>
    public const string PasswordReset = "password.reset";

    /// <summary>Body <c>{otp}</c>.</summary>
    public const string OtpCheck = "otp.check";

    /// <summary>Body <c>{otp}</c>: a code from the authenticator being enrolled.</summary>
    public const string OtpEnroll = "otp.enroll";
}
