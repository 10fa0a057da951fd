using System.Text.Json.Nodes;
using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Verifies the e-mail address of the registration before it (status VERIFICATION_CODE_REQUIRED, actions user.verify and
/// user.sendVerificationCode): sends a code there, and the right code verifies the address, enables the account and
/// identifies the user. Codes are kept as hashes only, used once, expire, and may be sent again a limited number of times.
/// </summary>
[Activity("Verify e-mail", ActivityCategories.SelfService,
    "Sends a code to the e-mail address just registered and asks for it; the right code verifies the address, enables the " +
    "account and signs the user in with the password chosen (pwd, email). A taken username or address gets this step as " +
    "well, but the e-mail tells its owner instead, and no code is right. Codes are used once, expire, and may be sent " +
    "again a limited number of times, not too often.")]
public sealed class VerifyEmail(IUserRegistrations registrations) : CodeStep
{
    [Outcome("The code was right: the address is verified, the account enabled, and the user identified.")]
    public const string Success = "success";

    [Outcome("Every attempt the step allows was wrong.")]
    public const string TooManyAttempts = "tooManyAttempts";

    private const string NoRegistrationMessage = "This step verifies a registration, but no registration came before it.";
    private const string NoMoreResendsMessage = "No more codes can be sent for this registration.";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (PendingRegistration.Of(context.State) is not { } registration)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoRegistrationMessage);
        }

        // A first code that could not be sent leaves the step waiting, with the error, for a resend.
        return ActivityResult.Suspend(await SendAsync(context, registration)
            ? Prompt(context, registration)
            : Prompt(context, registration) with { Error = new FlowError(FlowErrorCodes.CodeNotSent, CodeStepSettings.NotSentMessage) });
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (PendingRegistration.Of(context.State) is not { } registration)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoRegistrationMessage);
        }

        return action.Name == FlowActions.UserSendVerificationCode
            ? await ResendAsync(context, registration)
            : await CheckAsync(context, registration, CodeStepSettings.TypedCode(action, VerificationFields.VerificationCode));
    }

    private async Task<ActivityResult> ResendAsync(ActivityContext context, PendingRegistration registration)
    {
        if (Settings.RefuseResend(context, NoMoreResendsMessage) is { } refusal)
        {
            return refusal;
        }

        return await SendAsync(context, registration)
            ? ActivityResult.Suspend(Prompt(context, registration))
            : ActivityResult.Reject(FlowErrorCodes.CodeNotSent, CodeStepSettings.NotSentMessage);
    }

    private async Task<ActivityResult> CheckAsync(ActivityContext context, PendingRegistration registration, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return ActivityResult.Suspend(Prompt(context, registration) with
            {
                Error = new FlowError(FlowErrorCodes.InvalidRequest, CodeStepSettings.MissingCodeMessage),
            });
        }

        // Counted before it is checked; a registration without a user has no code, so every code is wrong there.
        WrongCodeCount.Add(context);
        var check = CodeStepSettings.IsTooLong(code)
            ? CodeCheck.Wrong
            : await registrations.VerifyAsync(
                context.EnvironmentId, registration.UserId ?? "", context.InstanceId, context.Node.Id, code, context.CancellationToken);
        if (check == CodeCheck.Valid && registration.UserId is { } userId)
        {
            WrongCodeCount.TakeBack(context);
            return Verified(context, registration, userId);
        }

        return Settings.RemainingAttempts(context) > 0
            ? ActivityResult.Suspend(Prompt(context, registration) with { Error = CodeStepSettings.ErrorOf(check) })
            : ActivityResult.Outcome(TooManyAttempts);
    }

    private static ActivityResult Verified(ActivityContext context, PendingRegistration registration, string userId)
    {
        // The user chose the password in this flow and proved the address: RFC 8176 §2 pwd and email.
        context.State.UserId = userId;
        context.State.Username = registration.Username;
        context.State.AddAuthenticationMethod(AuthenticationMethods.Password);
        context.State.AddAuthenticationMethod(AuthenticationMethods.Email);
        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
        return ActivityResult.Outcome(Success);
    }

    private async Task<bool> SendAsync(ActivityContext context, PendingRegistration registration)
    {
        var settings = Settings;
        var request = new VerificationCodeRequest(context.EnvironmentId, context.InstanceId, context.Node.Id, registration.UserId,
            registration.Username, registration.Email, settings.Length, settings.Lifetime);
        if (await registrations.SendCodeAsync(request, context.CancellationToken) != CodeDelivery.Sent)
        {
            return false;
        }

        CodeStepSettings.CountSend(context);
        return true;
    }

    private FlowPrompt Prompt(ActivityContext context, PendingRegistration registration)
    {
        var data = new JsonObject
        {
            [VerificationFields.Email] = MaskedEmail(registration.Email),
            [VerificationFields.RemainingAttempts] = Settings.RemainingAttempts(context),
        };
        Settings.DescribeResends(data, context);
        return new FlowPrompt(FlowStatuses.VerificationCodeRequired, [FlowActions.UserVerify, FlowActions.UserSendVerificationCode], data);
    }

    /// <summary>The address as the prompt shows it: its first letter and its domain (<c>a•••@example.com</c>).</summary>
    private static string MaskedEmail(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "•••" : $"{email[0]}•••{email[at..]}";
    }
}
