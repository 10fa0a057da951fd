using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.Engine.Activities;

namespace Flows.Testing;

/// <summary>
/// The user's answer to each prompt, named by the activities' action and field constants: the same action a
/// test hands the engine, posts to the JSON flow API, or expects the hosted page to send.
/// </summary>
public static class FlowAnswers
{
    /// <summary><see cref="FlowActions.UsernamePasswordCheck"/>; a null username is left out (the known user's step).</summary>
    public static FlowAction UsernamePassword(string? username, string? password) =>
        Create(FlowActions.UsernamePasswordCheck, (UsernamePasswordFields.Username, username), (UsernamePasswordFields.Password, password));

    public static FlowAction PasswordReset(string? currentPassword, string? newPassword) =>
        Create(FlowActions.PasswordReset,
            (MustChangePasswordFields.CurrentPassword, currentPassword), (MustChangePasswordFields.NewPassword, newPassword));

    /// <summary><see cref="FlowActions.PasswordForgot"/>: the username whose password was forgotten.</summary>
    public static FlowAction PasswordForgot(string? username) => Create(FlowActions.PasswordForgot, (PasswordRecoveryFields.Username, username));

    public static FlowAction PasswordRecover(string? recoveryCode, string? newPassword) =>
        Create(FlowActions.PasswordRecover, (PasswordRecoveryFields.RecoveryCode, recoveryCode), (PasswordRecoveryFields.NewPassword, newPassword));

    public static FlowAction PasswordSendRecoveryCode() => Create(FlowActions.PasswordSendRecoveryCode);

    public static FlowAction Otp(string? code) => Create(FlowActions.OtpCheck, (OtpFields.Code, code));

    public static FlowAction OtpResend() => Create(FlowActions.OtpResend);

    public static FlowAction OtpEnroll(string? code) => Create(FlowActions.OtpEnroll, (OtpEnrollmentFields.Code, code));

    public static FlowAction EmailEnroll(string? email) => Create(FlowActions.EmailEnroll, (ContactEnrollmentFields.Email, email));

    public static FlowAction SmsEnroll(string? phone) => Create(FlowActions.SmsEnroll, (ContactEnrollmentFields.Phone, phone));

    public static FlowAction SessionReset() => Create(FlowActions.SessionReset);

    /// <summary><see cref="FlowActions.DeviceUserCodeVerify"/>: the code a device shows.</summary>
    public static FlowAction DeviceUserCode(string? userCode) => Create(FlowActions.DeviceUserCodeVerify, (DeviceAuthorizationFields.UserCode, userCode));

    /// <summary><see cref="FlowActions.DeviceConsent"/>: allows (or refuses) the device.</summary>
    public static FlowAction DeviceConsent(bool accept) =>
        FlowAction.Create(FlowActions.DeviceConsent, new JsonObject { [DeviceAuthorizationFields.Accept] = accept });

    // Absent rather than null: what a UI sends for a field it does not show.
    private static FlowAction Create(string action, params (string Field, string? Value)[] fields)
    {
        var body = new JsonObject();
        foreach (var (field, value) in fields)
        {
            if (value is not null)
            {
                body[field] = value;
            }
        }

        return FlowAction.Create(action, body);
    }
}
