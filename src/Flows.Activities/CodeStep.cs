using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>
/// A step that sends a code and asks for it back (<see cref="AskForMessagedCode"/>, <see cref="VerifyEmail"/>): the limits
/// an administrator sets on its node, applied by <see cref="CodeStepSettings"/>.
/// </summary>
public abstract class CodeStep : InteractiveActivity
{
    [ActivityInput("Maximum attempts", "How many wrong codes the user may enter before the tooManyAttempts outcome.",
        Default = CodeStepSettings.DefaultMaxAttempts)]
    public int MaxAttempts { get; set; } = CodeStepSettings.DefaultMaxAttempts;

    [ActivityInput("Code length", "How many digits a code has, 6 to 8.", Default = CodeStepSettings.DefaultCodeLength)]
    public int CodeLength { get; set; } = CodeStepSettings.DefaultCodeLength;

    [ActivityInput("Code lifetime (minutes)", "How long a sent code may be used.", Default = CodeStepSettings.DefaultLifetimeMinutes)]
    public int CodeLifetimeMinutes { get; set; } = CodeStepSettings.DefaultLifetimeMinutes;

    [ActivityInput("Maximum resends", "How many more codes the user may ask for after the first.", Default = CodeStepSettings.DefaultMaxResends)]
    public int MaxResends { get; set; } = CodeStepSettings.DefaultMaxResends;

    [ActivityInput("Resend interval (seconds)", "How long the user waits after a code before asking for another.",
        Default = CodeStepSettings.DefaultResendIntervalSeconds)]
    public int ResendIntervalSeconds { get; set; } = CodeStepSettings.DefaultResendIntervalSeconds;

    /// <summary>The limits as set on the node.</summary>
    protected CodeStepSettings Settings => new(MaxAttempts, CodeLength, CodeLifetimeMinutes, MaxResends, ResendIntervalSeconds);
}
