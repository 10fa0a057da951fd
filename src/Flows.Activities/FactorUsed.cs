using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>Branches on whether this flow has already authenticated the user with a method (an amr value, RFC 8176).</summary>
[Activity("Factor used", ActivityCategories.Mfa,
    "Follows yes when the flow's amr so far contains the method named (pwd, otp, swk, mfa, …), no otherwise. A remembered device adds nothing to amr.")]
public sealed class FactorUsed : Activity
{
    [Outcome("This flow used the method.")]
    public const string Yes = "yes";

    [Outcome("This flow has not used the method.")]
    public const string No = "no";

    [ActivityInput("Method", "The amr value to look for, e.g. otp, swk or mfa.", Required = true)]
    public string Method { get; set; } = "";

    // amr values are case-sensitive strings (RFC 8176 §2).
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome(
            context.State.Amr.Contains(Method.Trim(), StringComparer.Ordinal) ? Yes : No));
}
