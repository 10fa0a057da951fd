using System.Text.Json.Nodes;
using Flows.Activities.Messaging;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// The limits of a step that sends a code and asks for it back (<see cref="CodeStep"/>, <see cref="RecoverPassword"/>):
/// how long a code is and how long it works, how many wrong codes and how many more sends the step allows, and how long
/// the user waits between sends. Sends and wrong codes are counted in the node's variables, so re-entering the node in
/// the same flow brings neither fresh guesses (<see cref="WrongCodeCount"/>) nor fresh sends.
/// </summary>
public sealed record CodeStepSettings(int MaxAttempts, int CodeLength, int CodeLifetimeMinutes, int MaxResends, int ResendIntervalSeconds)
{
    public const int DefaultMaxAttempts = 5;
    public const int DefaultCodeLength = 6;
    public const int DefaultLifetimeMinutes = 10;
    public const int DefaultMaxResends = 3;
    public const int DefaultResendIntervalSeconds = 30;

    public const string NoMoreResendsMessage = "No more codes can be sent in this sign-in.";
    public const string MissingCodeMessage = "Enter the code we sent you.";
    public const string NotSentMessage = "We couldn't send a code just now. Try again in a moment.";

    // Longer than any code: anything longer is wrong without a look-up.
    private const int MaxTypedLength = 16;

    private const string SendsVariable = "sends";
    private const string LastSentVariable = "lastSentAt";

    private const string WrongCodeMessage = "The code is incorrect.";
    private const string ExpiredCodeMessage = "The code has expired. Ask for a new one.";
    private const string TooSoonMessage = "Wait a moment before asking for another code.";

    /// <summary>How many digits a code has: 6 to 8.</summary>
    public int Length => Math.Clamp(CodeLength, 6, 8);

    /// <summary>How long a sent code may be used: 1 to 60 minutes.</summary>
    public TimeSpan Lifetime => TimeSpan.FromMinutes(Math.Clamp(CodeLifetimeMinutes, 1, 60));

    /// <summary>The typed code without the spaces people type between its digits ("123 456").</summary>
    public static string? TypedCode(FlowAction action, string field) => action.GetString(field)?.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Whether the typed code is longer than any code, so wrong without a look-up.</summary>
    public static bool IsTooLong(string code) => code.Length > MaxTypedLength;

    /// <summary>The error of a code that was not right: <see cref="FlowErrorCodes.ExpiredOtp"/>, or else <paramref name="wrongCode"/>.</summary>
    public static FlowError ErrorOf(CodeCheck check, string wrongCode = FlowErrorCodes.InvalidOtp) =>
        check == CodeCheck.Expired ? new FlowError(FlowErrorCodes.ExpiredOtp, ExpiredCodeMessage) : new FlowError(wrongCode, WrongCodeMessage);

    public int RemainingAttempts(ActivityContext context) => WrongCodeCount.Remaining(context, MaxAttempts);

    public int RemainingSends(ActivityContext context) =>
        Math.Max(0, 1 + Math.Max(0, MaxResends) - context.GetNodeVariable<int>(SendsVariable));

    public DateTimeOffset ResendAllowedAt(ActivityContext context) =>
        context.GetNodeVariable<DateTimeOffset?>(LastSentVariable) is { } last ? last.AddSeconds(Math.Max(0, ResendIntervalSeconds)) : DateTimeOffset.MinValue;

    /// <summary>
    /// The refusal of a resend when no sends are left or the user asked too soon; null when a code may be sent. Refused,
    /// not answered with an error: the flow stays exactly as it was, sends and wait included.
    /// </summary>
    public ActivityResult? RefuseResend(ActivityContext context, string noMoreResendsMessage = NoMoreResendsMessage)
    {
        if (RemainingSends(context) <= 0)
        {
            return ActivityResult.Reject(FlowErrorCodes.ResendNotAllowed, noMoreResendsMessage);
        }

        return context.Clock.GetUtcNow() < ResendAllowedAt(context) ? ActivityResult.Reject(FlowErrorCodes.ResendNotAllowed, TooSoonMessage) : null;
    }

    /// <summary>Counts a code that went out, from now on the one the step waits for.</summary>
    public static void CountSend(ActivityContext context)
    {
        context.SetNodeVariable(SendsVariable, context.GetNodeVariable<int>(SendsVariable) + 1);
        context.SetNodeVariable(LastSentVariable, context.Clock.GetUtcNow());
    }

    /// <summary>Adds to a prompt how many more codes may be sent and, once one was, when the next may be asked for.</summary>
    public void DescribeResends(JsonObject data, ActivityContext context)
    {
        data[MessagedCodeFields.RemainingResends] = RemainingSends(context);
        if (context.GetNodeVariable<DateTimeOffset?>(LastSentVariable) is not null)
        {
            data[MessagedCodeFields.ResendAllowedAt] = ResendAllowedAt(context);
        }
    }
}
