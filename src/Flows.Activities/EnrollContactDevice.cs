using System.Text.Json.Nodes;
using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Enrols an e-mail address or phone number for the identified user (<see cref="EnrollEmail"/>, <see cref="EnrollSms"/>):
/// asks for it, sends a code to it as <see cref="AskForMessagedCode"/> does (hashed, used once, expiring, with its
/// attempt and resend limits), and stores it as a verified device once the code comes back.
/// </summary>
public abstract class EnrollContactDevice(IUserDirectory users, IMessagedCodes codes, IContactDevices devices, CodeChannel channel)
    : AskForMessagedCode(users, codes, channel)
{
    public const string AlreadyEnrolled = "alreadyEnrolled";

    // Until the code proves it, the address is the flow's alone: no device exists for it.
    private const string PendingVariable = "pendingAddress";

    // The address the code the step waits for went to. A right code proves that address, never one typed after it
    // that got no code (no sends left, or the send failed).
    private const string CodeSentToVariable = "codeSentTo";

    private readonly IMessagedCodes _codes = codes;

    // A typo in the address is put right at the code step; the sends it took still count.
    protected override IReadOnlyList<string> CodeActions => [FlowActions.OtpCheck, FlowActions.OtpResend, Channel.EnrollAction];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        if (await HasVerifiedDeviceAsync(context, userId))
        {
            return Leave(context, AlreadyEnrolled);
        }

        return Pending(context, userId) is null ? ActivityResult.Suspend(AddressPrompt()) : await base.ExecuteAsync(context);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        if (action.Name != Channel.EnrollAction)
        {
            return Pending(context, userId) is null ? await ExecuteAsync(context) : await base.ResumeAsync(context, action);
        }

        // Refused as sent, so nothing is counted or stored for a typing mistake.
        if (devices.Normalize(Channel.Contact, action.GetString(Channel.AddressField)) is not { } address)
        {
            return ActivityResult.Reject(FlowErrorCodes.InvalidValue, Channel.InvalidAddressMessage, Channel.AddressField);
        }

        context.SetNodeVariable(PendingVariable, new PendingAddress(userId, address));
        return await ExecuteAsync(context);
    }

    protected override Task<ContactDevice?> FindDeviceAsync(ActivityContext context, string userId) =>
        Task.FromResult(Pending(context, userId) is { } pending ? new ContactDevice(Channel.Kind, Channel.Contact, devices.Mask(Channel.Contact, pending.Address)) : null);

    protected override string? AddressOf(ActivityContext context) =>
        context.State.UserId is { } userId ? Pending(context, userId)?.Address : null;

    protected override void OnSent(ActivityContext context) =>
        context.SetNodeVariable(CodeSentToVariable, context.GetNodeVariable<PendingAddress>(PendingVariable));

    protected override async Task ConfirmAsync(ActivityContext context, string userId)
    {
        var proven = context.GetNodeVariable<PendingAddress>(CodeSentToVariable);
        if (proven is null || proven.UserId != userId)
        {
            // A right code is one sent by this step, so it went somewhere; kept as a guard, not a path.
            throw new InvalidOperationException("A code was accepted that this step did not send.");
        }

        await devices.EnrollAsync(context.EnvironmentId, userId, Channel.Contact, proven.Address, context.CancellationToken);
        context.RemoveNodeVariable(PendingVariable);
        context.RemoveNodeVariable(CodeSentToVariable);
    }

    private async Task<bool> HasVerifiedDeviceAsync(ActivityContext context, string userId) =>
        await _codes.FindDeviceAsync(context.EnvironmentId, userId, Channel.Contact, context.CancellationToken) is not null;

    /// <summary>The address typed in this flow, only for the user it was typed for (a restarted flow keeps node variables).</summary>
    private static PendingAddress? Pending(ActivityContext context, string userId) =>
        context.GetNodeVariable<PendingAddress>(PendingVariable) is { } pending && pending.UserId == userId ? pending : null;

    private static ActivityResult Leave(ActivityContext context, string outcome)
    {
        context.RemoveNodeVariable(PendingVariable);
        context.RemoveNodeVariable(CodeSentToVariable);
        return ActivityResult.Outcome(outcome);
    }

    private FlowPrompt AddressPrompt() => new(Channel.EnrollmentStatus, [Channel.EnrollAction], new JsonObject
    {
        [MessagedCodeFields.DeviceType] = MessagedCodeFields.TypeOf(Channel.Contact),
    });

    private sealed record PendingAddress(string UserId, string Address);
}
