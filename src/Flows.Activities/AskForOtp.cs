using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;
using OtpNet;

namespace Flows.Activities;

/// <summary>Asks for a one-time password from the user's authenticator app and verifies it (TOTP, RFC 6238).</summary>
[Activity("Ask for a one-time password", ActivityCategories.Mfa,
    "Asks for the 6-digit code of the user's authenticator app; a code is accepted once, within the allowed drift. Wrong codes also count per user, over all flows, and lock the user's codes for a while.")]
public sealed class AskForOtp(IUserDirectory users) : InteractiveActivity
{
    [Outcome("The code is right; the user is signed in with otp and mfa.")]
    public const string Success = "success";

    [Outcome("Every attempt this flow allows was wrong, or the user's codes are locked after too many wrong ones in any flow.")]
    public const string TooManyAttempts = "tooManyAttempts";

    [Outcome("The user has no authenticator enrolled.")]
    public const string NoDevice = "noDevice";

    private const int DefaultMaxAttempts = 5;
    private const int DefaultClockDriftSteps = 1;

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";
    private const string MissingCodeMessage = "Enter the code from your authenticator app.";
    private const string InvalidOtpMessage = "The code is incorrect or has expired.";

    [ActivityInput("Maximum attempts", "How many wrong codes the user may enter before the tooManyAttempts outcome.",
        Default = DefaultMaxAttempts)]
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    [ActivityInput("Allowed clock drift (steps)", "How many 30-second steps before or after now a code may belong to.",
        Default = DefaultClockDriftSteps)]
    public int AllowedClockDriftSteps { get; set; } = DefaultClockDriftSteps;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        if (await users.GetTotpSecretAsync(context.EnvironmentId, userId, context.CancellationToken) is null)
        {
            return ActivityResult.Outcome(NoDevice);
        }

        // Re-entering the node in the same flow does not grant a fresh set of guesses.
        var remaining = RemainingAttempts(context);
        return remaining > 0 ? ActivityResult.Suspend(Prompt(remaining)) : ActivityResult.Outcome(TooManyAttempts);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        // People type codes as "123 456"; spaces are never part of one.
        var code = action.GetString(OtpFields.Code)?.Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(code))
        {
            return ActivityResult.Suspend(Prompt(RemainingAttempts(context)) with
            {
                Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingCodeMessage),
            });
        }

        // The secret is read on every attempt and never copied into the persisted flow state.
        var secret = await users.GetTotpSecretAsync(context.EnvironmentId, userId, context.CancellationToken);
        if (secret is null)
        {
            return ActivityResult.Outcome(NoDevice);
        }

        // Wrong codes count per user, not per flow, or a new flow would bring new guesses (NIST SP 800-63B
        // §5.2.2); the code is counted before it is checked, so codes sent in parallel cannot outrun the limit.
        if (!await users.TryReserveOtpAttemptAsync(context.EnvironmentId, userId, context.CancellationToken))
        {
            return ActivityResult.Outcome(TooManyAttempts);
        }

        var drift = Math.Max(0, AllowedClockDriftSteps);
        var now = context.Clock.GetUtcNow().UtcDateTime;
        var verified = new Totp(secret).VerifyTotp(now, code, out var timeStep, new VerificationWindow(drift, drift))
            // RFC 6238 §5.2: a verified code must not be accepted again; a replay counts as a wrong code.
            && await users.TryConsumeTotpTimeStepAsync(context.EnvironmentId, userId, timeStep, context.CancellationToken);
        if (verified)
        {
            return Verified(context);
        }

        return await users.RecordOtpFailureAsync(context.EnvironmentId, userId, context.CancellationToken)
            ? ActivityResult.Outcome(TooManyAttempts)
            : WrongCode(context);
    }

    private static ActivityResult Verified(ActivityContext context)
    {
        WrongCodeCount.Forget(context);
        context.State.AddAuthenticationMethod(AuthenticationMethods.Otp);
        context.State.AddAuthenticationMethod(AuthenticationMethods.MultiFactor);
        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
        return ActivityResult.Outcome(Success);
    }

    private ActivityResult WrongCode(ActivityContext context)
    {
        WrongCodeCount.Add(context);
        var remaining = RemainingAttempts(context);
        return remaining > 0
            ? ActivityResult.Suspend(Prompt(remaining) with { Error = new FlowError(FlowErrorCodes.InvalidOtp, InvalidOtpMessage) })
            : ActivityResult.Outcome(TooManyAttempts);
    }

    private int RemainingAttempts(ActivityContext context) => WrongCodeCount.Remaining(context, MaxAttempts);

    private static FlowPrompt Prompt(int remainingAttempts) =>
        new(FlowStatuses.OtpRequired, [FlowActions.OtpCheck], new JsonObject { [OtpFields.RemainingAttempts] = remainingAttempts });
}
