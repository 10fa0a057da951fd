using Flows.Activities;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// Which partial view shows which flow status, and its page title. A status missing here is one the hosted
/// pages cannot show (the JSON API still can).
/// </summary>
public static class SignOnSteps
{
    public const string ProblemPartial = IProblemPage.Partial;

    private static readonly Dictionary<string, SignOnStep> ByStatus = new(StringComparer.Ordinal)
    {
        [FlowStatuses.UsernamePasswordRequired] = new("_UsernamePassword", "Sign in"),
        [FlowStatuses.SignOnRequired] = new("_Identifier", "Sign in"),
        [FlowStatuses.MustChangePassword] = new("_MustChangePassword", "Change your password"),
        [FlowStatuses.PasswordExpired] = new("_MustChangePassword", "Your password has expired"),
        [FlowStatuses.RecoveryCodeRequired] = new("_PasswordRecovery", "Reset your password"),
        [FlowStatuses.AgreementConsentRequired] = new("_Agreement", "Review and accept"),
        [FlowStatuses.ProfileDataRequired] = new("_ProfileData", "Complete your profile"),
        [FlowStatuses.RegistrationRequired] = new("_Registration", "Create an account"),
        [FlowStatuses.VerificationCodeRequired] = new("_Verification", "Verify your e-mail address"),
        [FlowStatuses.OtpRequired] = new("_Otp", "Enter your code"),
        [FlowStatuses.OtpEnrollmentRequired] = new("_OtpEnrollment", "Set up your authenticator app"),
        [FlowStatuses.PasskeyRegistrationRequired] = new("_PasskeyRegistration", "Create a passkey"),
        [FlowStatuses.AssertionRequired] = new("_Passkey", "Sign in with a passkey"),
        [FlowStatuses.MfaRecoveryCodeRequired] = new("_RecoveryCode", "Enter a recovery code"),
        [FlowStatuses.MfaRecoveryCodesIssued] = new("_RecoveryCodesIssued", "Save your recovery codes"),
        [FlowStatuses.DeviceSelectionRequired] = new("_DeviceSelection", "Choose a device"),
        [FlowStatuses.EnrollmentSelectionRequired] = new("_EnrollmentSelection", "Add a second factor"),
        [FlowStatuses.EmailEnrollmentRequired] = new("_EmailEnrollment", "Add an e-mail address"),
        [FlowStatuses.SmsEnrollmentRequired] = new("_SmsEnrollment", "Add a phone number"),
        [FlowStatuses.RememberDeviceRequired] = new("_RememberDevice", "Remember this device?"),
        [FlowStatuses.ConsentRequired] = new("_Consent", "Allow access"),
        [FlowStatuses.DeviceUserCodeRequired] = new("_DeviceUserCode", "Connect a device"),
        [FlowStatuses.DeviceConsentRequired] = new("_DeviceConsent", "Allow the device"),
        [FlowStatuses.ExternalAuthenticationRequired] = new("_ExternalAuthentication", "Sign in"),
        [FlowStatuses.AccountLinkingRequired] = new("_AccountLinking", "Link your account"),
        [FlowStatuses.ExternalActionRequired] = new("_ExternalAction", "Continue at another application"),
        [FlowStatuses.Failed] = new("_Failed", "You can't sign in"),
        [FlowStatuses.Completed] = new("_Completed", "You're signed in"),
    };

    public static SignOnStep? For(string status) => ByStatus.GetValueOrDefault(status);
}

/// <summary>How the sign-on page renders one flow status.</summary>
public sealed record SignOnStep(string Partial, string Title);
