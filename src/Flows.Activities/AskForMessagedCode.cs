using System.Text.Json.Nodes;
using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Sends a one-time code to the user's verified contact device and asks for it back (<see cref="AskForEmailCode"/>,
/// <see cref="AskForSmsCode"/>): the code is generated, hashed and sent by <see cref="IMessagedCodes"/>, used once,
/// expires, and may be sent again a limited number of times, not too often. Wrong codes count per user with the
/// authenticator's, over all flows.
/// </summary>
public abstract class AskForMessagedCode(IUserDirectory users, IMessagedCodes codes) : InteractiveActivity
{
    public const string Success = "success";
    public const string TooManyAttempts = "tooManyAttempts";
    public const string NoDevice = "noDevice";

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

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";
    private const string InvalidOtpMessage = "The code is incorrect.";
    private const string ExpiredOtpMessage = "The code has expired. Ask for a new one.";
    private const string NotSentMessage = "We couldn't send a code just now. Try again in a moment.";
    private const string NoMoreResendsMessage = "No more codes can be sent in this sign-in.";
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

    /// <summary>The channel codes go through.</summary>
    protected abstract ContactChannel Channel { get; }

    /// <summary>The amr value of the channel, recorded beside <c>otp</c>.</summary>
    protected abstract string ChannelMethod { get; }

    /// <summary>The device codes go to: the user's verified one of the channel; null when there is none.</summary>
    protected virtual Task<ContactDevice?> FindDeviceAsync(ActivityContext context, string userId) =>
        codes.FindDeviceAsync(context.EnvironmentId, userId, Channel, context.CancellationToken);

    /// <summary>The address codes go to instead of the verified device's (one being enrolled); null for the device's.</summary>
    protected virtual string? AddressOf(ActivityContext context) => null;

    /// <summary>What the right code proves beyond the sign-in, done before the step's success (storing an enrolled device).</summary>
    protected virtual Task ConfirmAsync(ActivityContext context, string userId) => Task.CompletedTask;

    /// <summary>Called when a code went out: the code the step now waits for is the one sent to <see cref="AddressOf"/>.</summary>
    protected virtual void OnSent(ActivityContext context)
    {
    }

    /// <summary>The actions the code prompt accepts.</summary>
    protected virtual IReadOnlyList<string> CodeActions { get; } = [FlowActions.OtpCheck, FlowActions.OtpResend];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        if (await FindDeviceAsync(context, userId) is not { } device)
        {
            return ActivityResult.Outcome(NoDevice);
        }

        // Re-entering the node in the same flow brings neither fresh guesses nor fresh sends.
        if (RemainingAttempts(context) <= 0)
        {
            return ActivityResult.Outcome(TooManyAttempts);
        }

        if (RemainingSends(context) <= 0)
        {
            return ActivityResult.Suspend(Prompt(context, device) with { Error = new FlowError(FlowErrorCodes.ResendNotAllowed, NoMoreResendsMessage) });
        }

        // A first code that could not be sent leaves the step waiting, with the error, for a resend.
        var sent = await SendAsync(context, userId, device);
        return ActivityResult.Suspend(sent ? Prompt(context, device) : Prompt(context, device) with
        {
            Error = new FlowError(FlowErrorCodes.CodeNotSent, NotSentMessage),
        });
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        if (await FindDeviceAsync(context, userId) is not { } device)
        {
            return ActivityResult.Outcome(NoDevice);
        }

        return action.Name == FlowActions.OtpResend
            ? await ResendAsync(context, userId, device)
            : await CheckAsync(context, userId, device, action.GetString(OtpFields.Code)?.Replace(" ", "", StringComparison.Ordinal));
    }

    private async Task<ActivityResult> ResendAsync(ActivityContext context, string userId, ContactDevice device)
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

        return await SendAsync(context, userId, device)
            ? ActivityResult.Suspend(Prompt(context, device))
            : ActivityResult.Reject(FlowErrorCodes.CodeNotSent, NotSentMessage);
    }

    private async Task<ActivityResult> CheckAsync(ActivityContext context, string userId, ContactDevice device, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return ActivityResult.Suspend(Prompt(context, device) with
            {
                Error = new FlowError(FlowErrorCodes.InvalidRequest, "Enter the code we sent you."),
            });
        }

        // Counted before it is checked, per user over all flows, as the authenticator's codes (NIST SP 800-63B §5.2.2).
        if (!await users.TryReserveOtpAttemptAsync(context.EnvironmentId, userId, context.CancellationToken))
        {
            return ActivityResult.Outcome(TooManyAttempts);
        }

        var check = code.Length > MaxTypedLength
            ? CodeCheck.Wrong
            : await codes.CheckAsync(context.EnvironmentId, userId, context.InstanceId, context.Node.Id, code, context.CancellationToken);
        if (check == CodeCheck.Valid)
        {
            await ConfirmAsync(context, userId);
            return Verified(context);
        }

        if (await users.RecordOtpFailureAsync(context.EnvironmentId, userId, context.CancellationToken))
        {
            return ActivityResult.Outcome(TooManyAttempts);
        }

        context.SetNodeVariable(FailedAttemptsVariable, context.GetNodeVariable<int>(FailedAttemptsVariable) + 1);
        var error = check == CodeCheck.Expired
            ? new FlowError(FlowErrorCodes.ExpiredOtp, ExpiredOtpMessage)
            : new FlowError(FlowErrorCodes.InvalidOtp, InvalidOtpMessage);
        return RemainingAttempts(context) > 0 ? ActivityResult.Suspend(Prompt(context, device) with { Error = error }) : ActivityResult.Outcome(TooManyAttempts);
    }

    private ActivityResult Verified(ActivityContext context)
    {
        // RFC 8176 §2 mfa: only when this code is not the flow's only factor.
        var otherFactor = context.State.Amr.Count > 0;
        context.State.AddAuthenticationMethod(AuthenticationMethods.Otp);
        context.State.AddAuthenticationMethod(ChannelMethod);
        if (otherFactor)
        {
            context.State.AddAuthenticationMethod(AuthenticationMethods.MultiFactor);
        }

        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
        return ActivityResult.Outcome(Success);
    }

    private async Task<bool> SendAsync(ActivityContext context, string userId, ContactDevice device)
    {
        var request = new CodeRequest(context.EnvironmentId, userId, context.InstanceId, context.Node.Id, device,
            Math.Clamp(CodeLength, 6, 8), TimeSpan.FromMinutes(Math.Clamp(CodeLifetimeMinutes, 1, 60)), AddressOf(context));
        if (await codes.SendAsync(request, context.CancellationToken) != CodeDelivery.Sent)
        {
            return false;
        }

        context.SetNodeVariable(SendsVariable, context.GetNodeVariable<int>(SendsVariable) + 1);
        context.SetNodeVariable(LastSentVariable, context.Clock.GetUtcNow());
        OnSent(context);
        return true;
    }

    private int RemainingAttempts(ActivityContext context) =>
        Math.Max(0, Math.Max(1, MaxAttempts) - context.GetNodeVariable<int>(FailedAttemptsVariable));

    private int RemainingSends(ActivityContext context) =>
        Math.Max(0, 1 + Math.Max(0, MaxResends) - context.GetNodeVariable<int>(SendsVariable));

    private DateTimeOffset ResendAllowedAt(ActivityContext context) =>
        context.GetNodeVariable<DateTimeOffset?>(LastSentVariable) is { } last ? last.AddSeconds(Math.Max(0, ResendIntervalSeconds)) : DateTimeOffset.MinValue;

    private FlowPrompt Prompt(ActivityContext context, ContactDevice device)
    {
        var data = new JsonObject
        {
            [OtpFields.RemainingAttempts] = RemainingAttempts(context),
            [MessagedCodeFields.Device] = new JsonObject
            {
                [MessagedCodeFields.DeviceId] = device.Id,
                [MessagedCodeFields.DeviceType] = device.Channel == ContactChannel.Sms ? MessagedCodeFields.SmsType : MessagedCodeFields.EmailType,
                [MessagedCodeFields.DeviceTarget] = device.MaskedAddress,
            },
            [MessagedCodeFields.RemainingResends] = Math.Max(0, RemainingSends(context)),
        };
        if (context.GetNodeVariable<DateTimeOffset?>(LastSentVariable) is not null)
        {
            data[MessagedCodeFields.ResendAllowedAt] = ResendAllowedAt(context);
        }

        return new FlowPrompt(FlowStatuses.OtpRequired, CodeActions, data);
    }
}
