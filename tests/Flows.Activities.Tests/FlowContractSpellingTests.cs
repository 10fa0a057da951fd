using System.Reflection;

namespace Flows.Activities.Tests;

/// <summary>
/// The statuses, actions and field names every sign-on UI relies on, spelled out as CONTRACT.md documents them
/// (flow orchestration API). Literal on purpose: renaming a constant is the compiler's business, but changing the
/// value it sends is a change of the public contract and must fail here. A constant added without being listed
/// here fails too.
/// </summary>
public sealed class FlowContractSpellingTests
{
    [Fact]
    public void Statuses_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(FlowStatuses), new()
        {
            [nameof(FlowStatuses.UsernamePasswordRequired)] = "USERNAME_PASSWORD_REQUIRED",
            [nameof(FlowStatuses.SignOnRequired)] = "SIGN_ON_REQUIRED",
            [nameof(FlowStatuses.MustChangePassword)] = "MUST_CHANGE_PASSWORD",
            [nameof(FlowStatuses.PasswordExpired)] = "PASSWORD_EXPIRED",
            [nameof(FlowStatuses.RecoveryCodeRequired)] = "RECOVERY_CODE_REQUIRED",
            [nameof(FlowStatuses.AgreementConsentRequired)] = "AGREEMENT_CONSENT_REQUIRED",
            [nameof(FlowStatuses.ProfileDataRequired)] = "PROFILE_DATA_REQUIRED",
            [nameof(FlowStatuses.RegistrationRequired)] = "REGISTRATION_REQUIRED",
            [nameof(FlowStatuses.VerificationCodeRequired)] = "VERIFICATION_CODE_REQUIRED",
            [nameof(FlowStatuses.OtpRequired)] = "OTP_REQUIRED",
            [nameof(FlowStatuses.OtpEnrollmentRequired)] = "OTP_ENROLLMENT_REQUIRED",
            [nameof(FlowStatuses.PasskeyRegistrationRequired)] = "PASSKEY_REGISTRATION_REQUIRED",
            [nameof(FlowStatuses.AssertionRequired)] = "ASSERTION_REQUIRED",
            [nameof(FlowStatuses.MfaRecoveryCodeRequired)] = "MFA_RECOVERY_CODE_REQUIRED",
            [nameof(FlowStatuses.MfaRecoveryCodesIssued)] = "MFA_RECOVERY_CODES_ISSUED",
            [nameof(FlowStatuses.DeviceSelectionRequired)] = "DEVICE_SELECTION_REQUIRED",
            [nameof(FlowStatuses.EnrollmentSelectionRequired)] = "MFA_ENROLLMENT_SELECTION_REQUIRED",
            [nameof(FlowStatuses.EmailEnrollmentRequired)] = "EMAIL_ENROLLMENT_REQUIRED",
            [nameof(FlowStatuses.SmsEnrollmentRequired)] = "SMS_ENROLLMENT_REQUIRED",
            [nameof(FlowStatuses.RememberDeviceRequired)] = "REMEMBER_DEVICE_REQUIRED",
            [nameof(FlowStatuses.ConsentRequired)] = "CONSENT_REQUIRED",
            [nameof(FlowStatuses.ExternalAuthenticationRequired)] = "EXTERNAL_AUTHENTICATION_REQUIRED",
            [nameof(FlowStatuses.AccountLinkingRequired)] = "ACCOUNT_LINKING_REQUIRED",
            [nameof(FlowStatuses.DeviceUserCodeRequired)] = "DAG_USER_CODE_REQUIRED",
            [nameof(FlowStatuses.DeviceConsentRequired)] = "DAG_CONSENT_REQUIRED",
            [nameof(FlowStatuses.ExternalActionRequired)] = "EXTERNAL_ACTION_REQUIRED",
            [nameof(FlowStatuses.Completed)] = "COMPLETED",
            [nameof(FlowStatuses.Failed)] = "FAILED",
        });

    [Fact]
    public void Actions_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(FlowActions), new()
        {
            [nameof(FlowActions.UsernamePasswordCheck)] = "usernamePassword.check",
            [nameof(FlowActions.UserLookup)] = "user.lookup",
            [nameof(FlowActions.UserUpdate)] = "user.update",
            [nameof(FlowActions.UserRegister)] = "user.register",
            [nameof(FlowActions.UserVerify)] = "user.verify",
            [nameof(FlowActions.UserSendVerificationCode)] = "user.sendVerificationCode",
            [nameof(FlowActions.PasswordReset)] = "password.reset",
            [nameof(FlowActions.PasswordForgot)] = "password.forgot",
            [nameof(FlowActions.PasswordRecover)] = "password.recover",
            [nameof(FlowActions.PasswordSendRecoveryCode)] = "password.sendRecoveryCode",
            [nameof(FlowActions.OtpCheck)] = "otp.check",
            [nameof(FlowActions.OtpEnroll)] = "otp.enroll",
            [nameof(FlowActions.OtpResend)] = "otp.resend",
            [nameof(FlowActions.PasskeyRegister)] = "passkey.register",
            [nameof(FlowActions.AssertionCheck)] = "assertion.check",
            [nameof(FlowActions.RecoveryCodeUse)] = "recoveryCode.use",
            [nameof(FlowActions.RecoveryCodeCheck)] = "recoveryCode.check",
            [nameof(FlowActions.RecoveryCodesAcknowledge)] = "recoveryCodes.acknowledge",
            [nameof(FlowActions.DeviceSelect)] = "device.select",
            [nameof(FlowActions.EnrollmentSelect)] = "enrollment.select",
            [nameof(FlowActions.EmailEnroll)] = "email.enroll",
            [nameof(FlowActions.SmsEnroll)] = "sms.enroll",
            [nameof(FlowActions.DeviceRemember)] = "device.remember",
            [nameof(FlowActions.UserConsent)] = "user.consent",
            [nameof(FlowActions.DeviceUserCodeVerify)] = "deviceAuthGrant.userCode.verify",
            [nameof(FlowActions.DeviceConsent)] = "deviceAuthGrant.consent",
            [nameof(FlowActions.ExternalContinue)] = "external.continue",
            [nameof(FlowActions.SessionReset)] = "session.reset",
            [nameof(FlowActions.Authenticate)] = "authenticate",
        });

    [Fact]
    public void Contact_enrolment_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(ContactEnrollmentFields), new()
        {
            [nameof(ContactEnrollmentFields.Email)] = "email",
            [nameof(ContactEnrollmentFields.Phone)] = "phone",
        });

    [Fact]
    public void Username_and_password_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(UsernamePasswordFields), new()
        {
            [nameof(UsernamePasswordFields.Username)] = "username",
            [nameof(UsernamePasswordFields.Password)] = "password",
            [nameof(UsernamePasswordFields.User)] = "user",
        });

    [Fact]
    public void Password_change_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(MustChangePasswordFields), new()
        {
            [nameof(MustChangePasswordFields.CurrentPassword)] = "currentPassword",
            [nameof(MustChangePasswordFields.NewPassword)] = "newPassword",
            [nameof(MustChangePasswordFields.Username)] = "username",
        });

    [Fact]
    public void Password_recovery_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(PasswordRecoveryFields), new()
        {
            [nameof(PasswordRecoveryFields.Username)] = "username",
            [nameof(PasswordRecoveryFields.RecoveryCode)] = "recoveryCode",
            [nameof(PasswordRecoveryFields.NewPassword)] = "newPassword",
            [nameof(PasswordRecoveryFields.RemainingAttempts)] = "remainingAttempts",
            [nameof(PasswordRecoveryFields.RemainingResends)] = "remainingResends",
            [nameof(PasswordRecoveryFields.ResendAllowedAt)] = "resendAllowedAt",
        });

    [Fact]
    public void Consent_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(ConsentFields), new()
        {
            [nameof(ConsentFields.Accept)] = "accept",
            [nameof(ConsentFields.Application)] = "application",
            [nameof(ConsentFields.Scopes)] = "scopes",
        });

    [Fact]
    public void Outside_application_fields_are_spelled_as_the_readme_documents_them() =>
        AssertSpelled(typeof(Outbound.ApplicationAnswerFields), new()
        {
            [nameof(Outbound.ApplicationAnswerFields.Nonce)] = "nonce",
            [nameof(Outbound.ApplicationAnswerFields.Outcome)] = "outcome",
            [nameof(Outbound.ApplicationAnswerFields.Data)] = "data",
            [nameof(Outbound.ApplicationAnswerFields.RedirectUrl)] = "redirectUrl",
            [nameof(Outbound.ApplicationAnswerFields.ExpiresAt)] = "expiresAt",
            [nameof(Outbound.ApplicationAnswerFields.ContinueParameter)] = "continue",
        });

    [Fact]
    public void Passkey_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(PasskeyFields), new()
        {
            [nameof(PasskeyFields.PublicKey)] = "publicKey",
            [nameof(PasskeyFields.Attestation)] = "attestation",
            [nameof(PasskeyFields.Assertion)] = "assertion",
        });

    [Fact]
    public void Recovery_code_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(RecoveryCodeFields), new()
        {
            [nameof(RecoveryCodeFields.Code)] = "recoveryCode",
            [nameof(RecoveryCodeFields.Codes)] = "recoveryCodes",
            [nameof(RecoveryCodeFields.RemainingAttempts)] = "remainingAttempts",
        });

    [Fact]
    public void One_time_password_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(OtpFields), new()
        {
            [nameof(OtpFields.Code)] = "otp",
            [nameof(OtpFields.RemainingAttempts)] = "remainingAttempts",
        });

    [Fact]
    public void Sent_code_fields_are_spelled_as_the_readme_documents_them() =>
        AssertSpelled(typeof(MessagedCodeFields), new()
        {
            [nameof(MessagedCodeFields.Device)] = "device",
            [nameof(MessagedCodeFields.DeviceId)] = "id",
            [nameof(MessagedCodeFields.DeviceType)] = "type",
            [nameof(MessagedCodeFields.DeviceTarget)] = "target",
            [nameof(MessagedCodeFields.EmailType)] = "EMAIL",
            [nameof(MessagedCodeFields.SmsType)] = "SMS",
            [nameof(MessagedCodeFields.RemainingResends)] = "remainingResends",
            [nameof(MessagedCodeFields.ResendAllowedAt)] = "resendAllowedAt",
        });

    [Fact]
    public void Enrollment_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(OtpEnrollmentFields), new()
        {
            [nameof(OtpEnrollmentFields.Code)] = "otp",
            [nameof(OtpEnrollmentFields.OtpauthUri)] = "otpauthUri",
            [nameof(OtpEnrollmentFields.Secret)] = "secret",
            [nameof(OtpEnrollmentFields.Issuer)] = "issuer",
            [nameof(OtpEnrollmentFields.Account)] = "account",
            [nameof(OtpEnrollmentFields.RemainingAttempts)] = "remainingAttempts",
        });

    [Fact]
    public void Device_selection_fields_are_spelled_as_the_contract_documents_them() =>
        AssertSpelled(typeof(DeviceSelectionFields), new()
        {
            [nameof(DeviceSelectionFields.Devices)] = "devices",
            [nameof(DeviceSelectionFields.Device)] = "device",
            [nameof(DeviceSelectionFields.Id)] = "id",
            [nameof(DeviceSelectionFields.Type)] = "type",
            [nameof(DeviceSelectionFields.Name)] = "name",
            [nameof(DeviceSelectionFields.CreatedAt)] = "createdAt",
        });

    [Fact]
    public void Enrollment_selection_and_remember_device_fields_are_spelled_as_the_contract_documents_them()
    {
        AssertSpelled(typeof(EnrollmentSelectionFields), new()
        {
            [nameof(EnrollmentSelectionFields.Types)] = "types",
            [nameof(EnrollmentSelectionFields.Type)] = "type",
        });
        AssertSpelled(typeof(RememberDeviceFields), new()
        {
            [nameof(RememberDeviceFields.Days)] = "days",
            [nameof(RememberDeviceFields.Remember)] = "remember",
        });
    }

    private static void AssertSpelled(Type constants, Dictionary<string, string> documented)
    {
        var published = constants.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .ToDictionary(field => field.Name, field => (string)field.GetRawConstantValue()!);

        Assert.Equal(documented.OrderBy(pair => pair.Key), published.OrderBy(pair => pair.Key));
    }
}
