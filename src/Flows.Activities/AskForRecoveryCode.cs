using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>Asks for one of the user's recovery codes in place of the second factor; a right code is used up.</summary>
[Activity("Ask for a recovery code", ActivityCategories.Mfa,
    "Asks for one of the user's single-use recovery codes instead of the second factor, e.g. when the authenticator is lost. Wrong codes count with the one-time codes of the user, over all flows.")]
public sealed class AskForRecoveryCode(IRecoveryCodes codes, IUserDirectory users) : InteractiveActivity
{
    [Outcome("The code is right and now used up; the user is signed in with otp, and mfa after another factor.")]
    public const string Success = "success";

    [Outcome("The user has no recovery code left.")]
    public const string NoCodes = "noCodes";

    [Outcome("Every attempt this flow allows was wrong, or the user's codes are locked after too many wrong ones in any flow.")]
    public const string TooManyAttempts = "tooManyAttempts";

    private const int DefaultMaxAttempts = 5;

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";
    private const string MissingCodeMessage = "Enter one of your recovery codes.";
    private const string InvalidCodeMessage = "The recovery code is incorrect or was used already.";

    [ActivityInput("Maximum attempts", "How many wrong codes the user may enter before the tooManyAttempts outcome.",
        Default = DefaultMaxAttempts)]
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        if (!await codes.HasAnyAsync(context.EnvironmentId, userId, context.CancellationToken))
        {
            return ActivityResult.Outcome(NoCodes);
        }

        var remaining = RemainingAttempts(context);
        return remaining > 0 ? ActivityResult.Suspend(Prompt(remaining)) : ActivityResult.Outcome(TooManyAttempts);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        var code = action.GetString(RecoveryCodeFields.Code);
        if (string.IsNullOrWhiteSpace(code))
        {
            return ActivityResult.Suspend(Prompt(RemainingAttempts(context)) with
            {
                Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingCodeMessage),
            });
        }

        // Counted before it is checked, with the user's one-time codes: a new flow brings no new guesses.
        if (!await users.TryReserveOtpAttemptAsync(context.EnvironmentId, userId, context.CancellationToken))
        {
            return ActivityResult.Outcome(TooManyAttempts);
        }

        if (await codes.TryRedeemAsync(context.EnvironmentId, userId, code, context.CancellationToken))
        {
            WrongCodeCount.Forget(context);
            PasskeyResponses.RecordFactor(context, multiFactorByItself: false, AuthenticationMethods.Otp);
            return ActivityResult.Outcome(Success);
        }

        if (await users.RecordOtpFailureAsync(context.EnvironmentId, userId, context.CancellationToken))
        {
            return ActivityResult.Outcome(TooManyAttempts);
        }

        WrongCodeCount.Add(context);
        var remaining = RemainingAttempts(context);
        return remaining > 0
            ? ActivityResult.Suspend(Prompt(remaining) with { Error = new FlowError(FlowErrorCodes.InvalidRecoveryCode, InvalidCodeMessage) })
            : ActivityResult.Outcome(TooManyAttempts);
    }

    private int RemainingAttempts(ActivityContext context) => WrongCodeCount.Remaining(context, MaxAttempts);

    private static FlowPrompt Prompt(int remainingAttempts) =>
        new(FlowStatuses.MfaRecoveryCodeRequired, [FlowActions.RecoveryCodeCheck],
            new JsonObject { [RecoveryCodeFields.RemainingAttempts] = remainingAttempts });
}
