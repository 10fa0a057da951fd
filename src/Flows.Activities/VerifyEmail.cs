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
public sealed class VerifyEmail(IUserRegistrations registrations) : InteractiveActivity
{
    [Outcome("The code was right: the address is verified, the account enabled, and the user identified.")]
    public const string Success = "success";

    [Outcome("Every attempt the step allows was wrong.")]
    public const string TooManyAttempts = "tooManyAttempts";

    private const int DefaultMaxAttempts = 5;
    private const int DefaultCodeLength = 6;
    private const int DefaultLifetimeMinutes = 10;
    private const int DefaultMaxResends = 3;
    private const int DefaultResendIntervalSeconds = 30;

    // Longer than any code: anything longer is wrong without a look-up.
    private const int MaxTypedLength = 16;

    private const string FailedAttemptsVariable = "failedAttempts";
    private const string SendsVariable = "sends";
    private const string LastSentVariable = "lastSentAt";

    private const string NoRegistrationMessage = "This step verifies a registration, but no registration came before it.";
    private const string MissingCodeMessage = "Enter the code we sent you.";
    private const string WrongCodeMessage = "The code is incorrect.";
    private const string ExpiredCodeMessage = "The code has expired. Ask for a new one.";
    private const string NotSentMessage = "We couldn't send a code just now. Try again in a moment.";
    private const string NoMoreResendsMessage = "No more codes can be sent for this registration.";
    private const string TooSoonMessage = "Wait a moment before asking for another code.";

    [ActivityInput("Maximum attempts", "How many wrong codes the user may enter before the tooManyAttempts outcome.", Default = DefaultMaxAttempts)]
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    [ActivityInput("Code length", "How many digits a code has, 6 to 8.", Default = DefaultCodeLength)]
    public int CodeLength { get; set; } = DefaultCodeLength;

    [ActivityInput("Code lifetime (minutes)", "How long a sent code may be used.", Default = DefaultLifetimeMinutes)]
    public int CodeLifetimeMinutes { get; set; } = DefaultLifetimeMinutes;

    [ActivityInput("Maximum resends", "How many more codes the user may ask for after the first.", Default = DefaultMaxResends)]
    public int MaxResends { get; set; } = DefaultMaxResends;

    [ActivityInput("Resend interval (seconds)", "How long the user waits after a code before asking for another.",
        Default = DefaultResendIntervalSeconds)]
    public int ResendIntervalSeconds { get; set; } = DefaultResendIntervalSeconds;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (PendingRegistration.Of(context.State) is not { } registration)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoRegistrationMessage);
        }

        // A first code that could not be sent leaves the step waiting, with the error, for a resend.
        return ActivityResult.Suspend(await SendAsync(context, registration)
            ? Prompt(context, registration)
            : Prompt(context, registration) with { Error = new FlowError(FlowErrorCodes.CodeNotSent, NotSentMessage) });
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (PendingRegistration.Of(context.State) is not { } registration)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoRegistrationMessage);
        }

        return action.Name == FlowActions.UserSendVerificationCode
            ? await ResendAsync(context, registration)
            : await CheckAsync(context, registration, action.GetString(VerificationFields.VerificationCode)?.Replace(" ", "", StringComparison.Ordinal));
    }

    private async Task<ActivityResult> ResendAsync(ActivityContext context, PendingRegistration registration)
    {
        // Refused, not answered with an error: the flow stays exactly as it was, sends and wait included.
        if (RemainingSends(context) <= 0)
        {
            return ActivityResult.Reject(FlowErrorCodes.ResendNotAllowed, NoMoreResendsMessage);
        }

        if (context.Clock.GetUtcNow() < ResendAllowedAt(context))
        {
            return ActivityResult.Reject(FlowErrorCodes.ResendNotAllowed, TooSoonMessage);
        }

        return await SendAsync(context, registration)
            ? ActivityResult.Suspend(Prompt(context, registration))
            : ActivityResult.Reject(FlowErrorCodes.CodeNotSent, NotSentMessage);
    }

    private async Task<ActivityResult> CheckAsync(ActivityContext context, PendingRegistration registration, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return ActivityResult.Suspend(Prompt(context, registration) with { Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingCodeMessage) });
        }

        // Counted before it is checked; a registration without a user has no code, so every code is wrong there.
        context.SetNodeVariable(FailedAttemptsVariable, context.GetNodeVariable<int>(FailedAttemptsVariable) + 1);
        var check = code.Length > MaxTypedLength
            ? CodeCheck.Wrong
            : await registrations.VerifyAsync(
                context.EnvironmentId, registration.UserId ?? "", context.InstanceId, context.Node.Id, code, context.CancellationToken);
        if (check == CodeCheck.Valid && registration.UserId is { } userId)
        {
            context.SetNodeVariable(FailedAttemptsVariable, context.GetNodeVariable<int>(FailedAttemptsVariable) - 1);
            return Verified(context, registration, userId);
        }

        var error = check == CodeCheck.Expired
            ? new FlowError(FlowErrorCodes.ExpiredOtp, ExpiredCodeMessage)
            : new FlowError(FlowErrorCodes.InvalidOtp, WrongCodeMessage);
        return RemainingAttempts(context) > 0
            ? ActivityResult.Suspend(Prompt(context, registration) with { Error = error })
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
        var request = new VerificationCodeRequest(context.EnvironmentId, context.InstanceId, context.Node.Id, registration.UserId,
            registration.Username, registration.Email, Math.Clamp(CodeLength, 6, 8), TimeSpan.FromMinutes(Math.Clamp(CodeLifetimeMinutes, 1, 60)));
        if (await registrations.SendCodeAsync(request, context.CancellationToken) != CodeDelivery.Sent)
        {
            return false;
        }

        context.SetNodeVariable(SendsVariable, context.GetNodeVariable<int>(SendsVariable) + 1);
        context.SetNodeVariable(LastSentVariable, context.Clock.GetUtcNow());
        return true;
    }

    private int RemainingAttempts(ActivityContext context) =>
        Math.Max(0, Math.Max(1, MaxAttempts) - context.GetNodeVariable<int>(FailedAttemptsVariable));

    private int RemainingSends(ActivityContext context) =>
        Math.Max(0, 1 + Math.Max(0, MaxResends) - context.GetNodeVariable<int>(SendsVariable));

    private DateTimeOffset ResendAllowedAt(ActivityContext context) =>
        context.GetNodeVariable<DateTimeOffset?>(LastSentVariable) is { } last ? last.AddSeconds(Math.Max(0, ResendIntervalSeconds)) : DateTimeOffset.MinValue;

    private FlowPrompt Prompt(ActivityContext context, PendingRegistration registration)
    {
        var data = new JsonObject
        {
            [VerificationFields.Email] = MaskedEmail(registration.Email),
            [VerificationFields.RemainingAttempts] = RemainingAttempts(context),
            [VerificationFields.RemainingResends] = RemainingSends(context),
        };
        if (context.GetNodeVariable<DateTimeOffset?>(LastSentVariable) is not null)
        {
            data[VerificationFields.ResendAllowedAt] = ResendAllowedAt(context);
        }

        return new FlowPrompt(FlowStatuses.VerificationCodeRequired, [FlowActions.UserVerify, FlowActions.UserSendVerificationCode], data);
    }

    /// <summary>The address as the prompt shows it: its first letter and its domain (<c>a•••@example.com</c>).</summary>
    private static string MaskedEmail(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "•••" : $"{email[0]}•••{email[at..]}";
    }
}
