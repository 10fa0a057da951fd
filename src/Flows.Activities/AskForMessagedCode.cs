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
public abstract class AskForMessagedCode(IUserDirectory users, IMessagedCodes codes, CodeChannel channel) : CodeStep
{
    public const string Success = "success";
    public const string TooManyAttempts = "tooManyAttempts";
    public const string NoDevice = "noDevice";

    protected const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";

    /// <summary>The channel codes go through, and what a right code records.</summary>
    protected CodeChannel Channel { get; } = channel;

    /// <summary>The device codes go to: the user's verified one of the channel; null when there is none.</summary>
    protected virtual Task<ContactDevice?> FindDeviceAsync(ActivityContext context, string userId) =>
        codes.FindDeviceAsync(context.EnvironmentId, userId, Channel.Contact, context.CancellationToken);

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
        var settings = Settings;
        if (settings.RemainingAttempts(context) <= 0)
        {
            return ActivityResult.Outcome(TooManyAttempts);
        }

        if (settings.RemainingSends(context) <= 0)
        {
            return ActivityResult.Suspend(Prompt(context, device) with { Error = new FlowError(FlowErrorCodes.ResendNotAllowed, CodeStepSettings.NoMoreResendsMessage) });
        }

        // A first code that could not be sent leaves the step waiting, with the error, for a resend.
        var sent = await SendAsync(context, userId, device);
        return ActivityResult.Suspend(sent ? Prompt(context, device) : Prompt(context, device) with
        {
            Error = new FlowError(FlowErrorCodes.CodeNotSent, CodeStepSettings.NotSentMessage),
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
            : await CheckAsync(context, userId, device, CodeStepSettings.TypedCode(action, OtpFields.Code));
    }

    private async Task<ActivityResult> ResendAsync(ActivityContext context, string userId, ContactDevice device)
    {
        if (Settings.RefuseResend(context) is { } refusal)
        {
            return refusal;
        }

        return await SendAsync(context, userId, device)
            ? ActivityResult.Suspend(Prompt(context, device))
            : ActivityResult.Reject(FlowErrorCodes.CodeNotSent, CodeStepSettings.NotSentMessage);
    }

    private async Task<ActivityResult> CheckAsync(ActivityContext context, string userId, ContactDevice device, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return ActivityResult.Suspend(Prompt(context, device) with
            {
                Error = new FlowError(FlowErrorCodes.InvalidRequest, CodeStepSettings.MissingCodeMessage),
            });
        }

        // Counted before it is checked, per user over all flows, as the authenticator's codes (NIST SP 800-63B §5.2.2).
        if (!await users.TryReserveOtpAttemptAsync(context.EnvironmentId, userId, context.CancellationToken))
        {
            return ActivityResult.Outcome(TooManyAttempts);
        }

        var check = CodeStepSettings.IsTooLong(code)
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

        WrongCodeCount.Add(context);
        return Settings.RemainingAttempts(context) > 0
            ? ActivityResult.Suspend(Prompt(context, device) with { Error = CodeStepSettings.ErrorOf(check) })
            : ActivityResult.Outcome(TooManyAttempts);
    }

    private ActivityResult Verified(ActivityContext context)
    {
        // RFC 8176 §2 mfa: only when this code is not the flow's only factor.
        var otherFactor = context.State.Amr.Count > 0;
        context.State.AddAuthenticationMethod(AuthenticationMethods.Otp);
        context.State.AddAuthenticationMethod(Channel.Method);
        if (otherFactor)
        {
            context.State.AddAuthenticationMethod(AuthenticationMethods.MultiFactor);
        }

        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
        return ActivityResult.Outcome(Success);
    }

    private async Task<bool> SendAsync(ActivityContext context, string userId, ContactDevice device)
    {
        var settings = Settings;
        var request = new CodeRequest(context.EnvironmentId, userId, context.InstanceId, context.Node.Id, device,
            settings.Length, settings.Lifetime, AddressOf(context));
        if (await codes.SendAsync(request, context.CancellationToken) != CodeDelivery.Sent)
        {
            return false;
        }

        CodeStepSettings.CountSend(context);
        OnSent(context);
        return true;
    }

    private FlowPrompt Prompt(ActivityContext context, ContactDevice device)
    {
        var data = new JsonObject
        {
            [OtpFields.RemainingAttempts] = Settings.RemainingAttempts(context),
            [MessagedCodeFields.Device] = new JsonObject
            {
                [MessagedCodeFields.DeviceId] = device.Id,
                [MessagedCodeFields.DeviceType] = MessagedCodeFields.TypeOf(device.Channel),
                [MessagedCodeFields.DeviceTarget] = device.MaskedAddress,
            },
        };
        Settings.DescribeResends(data, context);
        return new FlowPrompt(FlowStatuses.OtpRequired, CodeActions, data);
    }
}
