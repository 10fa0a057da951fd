using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Lets a user who forgot their password choose a new one with a code sent by e-mail (RECOVERY_CODE_REQUIRED,
/// password.recover), after the password step's forgotPassword outcome. Whether the username is a user's is told to no
/// one: the step, its prompt and its timing are the same for any; only a right code identifies the user.
/// </summary>
[Activity("Recover a forgotten password", ActivityCategories.SelfService,
    "Sends a code to the verified e-mail address of the username given to 'Forgot password?' and asks for it with a new " +
    "password, which must meet the password policy. The answer is the same whether or not the user exists. A right code " +
    "replaces the password, resets the lockout, ends every session and refresh token of the user and signs the user in with pwd.")]
public sealed class RecoverPassword(IPasswordRecovery recovery) : InteractiveActivity
{
    [Outcome("The code was right and the password replaced; the user is signed in with pwd.")]
    public const string Success = "success";

    [Outcome("Every attempt this flow allows was wrong, or the user's codes are locked after too many wrong ones.")]
    public const string TooManyAttempts = "tooManyAttempts";

    private const string NoUsernameMessage = "This step needs the username given to 'Forgot password?', but none was given before it.";
    private const string MissingFieldsMessage = "Enter the code we sent you and a new password.";

    // Declared here, not inherited from CodeStep: this step's lifetime input names its range, and an input overridden
    // here would move to the top of the designer's list (reflection lists a class's own properties first).
    [ActivityInput("Maximum attempts", "How many wrong codes the user may enter before the tooManyAttempts outcome.",
        Default = CodeStepSettings.DefaultMaxAttempts)]
    public int MaxAttempts { get; set; } = CodeStepSettings.DefaultMaxAttempts;

    [ActivityInput("Code length", "How many digits a code has, 6 to 8.", Default = CodeStepSettings.DefaultCodeLength)]
    public int CodeLength { get; set; } = CodeStepSettings.DefaultCodeLength;

    [ActivityInput("Code lifetime (minutes)", "How long a sent code may be used, 1 to 60.", Default = CodeStepSettings.DefaultLifetimeMinutes)]
    public int CodeLifetimeMinutes { get; set; } = CodeStepSettings.DefaultLifetimeMinutes;

    [ActivityInput("Maximum resends", "How many more codes the user may ask for after the first.", Default = CodeStepSettings.DefaultMaxResends)]
    public int MaxResends { get; set; } = CodeStepSettings.DefaultMaxResends;

    [ActivityInput("Resend interval (seconds)", "How long the user waits after a code before asking for another.",
        Default = CodeStepSettings.DefaultResendIntervalSeconds)]
    public int ResendIntervalSeconds { get; set; } = CodeStepSettings.DefaultResendIntervalSeconds;

    private CodeStepSettings Settings => new(MaxAttempts, CodeLength, CodeLifetimeMinutes, MaxResends, ResendIntervalSeconds);

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Username(context) is not { } username)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUsernameMessage);
        }

        // Re-entering the node in the same flow brings neither fresh guesses nor fresh sends.
        var settings = Settings;
        if (settings.RemainingAttempts(context) <= 0)
        {
            return ActivityResult.Outcome(TooManyAttempts);
        }

        if (settings.RemainingSends(context) > 0)
        {
            await SendAsync(context, username);
        }

        return ActivityResult.Suspend(Prompt(context, username));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (Username(context) is not { } username)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUsernameMessage);
        }

        return action.Name == FlowActions.PasswordSendRecoveryCode
            ? await ResendAsync(context, username)
            : await RecoverAsync(context, username, action);
    }

    private async Task<ActivityResult> ResendAsync(ActivityContext context, string username)
    {
        if (Settings.RefuseResend(context) is { } refusal)
        {
            return refusal;
        }

        await SendAsync(context, username);
        return ActivityResult.Suspend(Prompt(context, username));
    }

    private async Task<ActivityResult> RecoverAsync(ActivityContext context, string username, FlowAction action)
    {
        var code = CodeStepSettings.TypedCode(action, PasswordRecoveryFields.RecoveryCode);
        var newPassword = action.GetString(PasswordRecoveryFields.NewPassword);
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(newPassword))
        {
            return Retry(context, username, new FlowError(FlowErrorCodes.InvalidRequest, MissingFieldsMessage));
        }

        // Checked before the code, and refused without touching the flow: a weak password costs no attempt and no code.
        if (recovery.FindPasswordProblem(username, newPassword) is { } problem)
        {
            return ActivityResult.Reject(FlowErrorCodes.PasswordTooWeak, $"The new password {problem}.");
        }

        var result = CodeStepSettings.IsTooLong(code)
            ? new PasswordRecoveryResult(PasswordRecoveryStatus.WrongCode)
            : await recovery.RecoverAsync(
                new PasswordRecoveryAttempt(context.EnvironmentId, username, context.InstanceId, context.Node.Id, code, newPassword),
                context.CancellationToken);
        return result switch
        {
            { Status: PasswordRecoveryStatus.Recovered, User: { } user } => Recovered(context, user),
            { Status: PasswordRecoveryStatus.Locked } => ActivityResult.Outcome(TooManyAttempts),
            _ => Failed(context, username, CodeStepSettings.ErrorOf(
                result.Status == PasswordRecoveryStatus.ExpiredCode ? CodeCheck.Expired : CodeCheck.Wrong, FlowErrorCodes.InvalidRecoveryCode)),
        };
    }

    private static ActivityResult Recovered(ActivityContext context, DirectoryUser user)
    {
        context.State.UserId = user.Id;
        context.State.Username = user.Username;
        context.State.Variables.Remove(FlowVariables.RecoveryUsername);
        context.State.Variables.Remove(FlowVariables.PasswordExpired);

        // As after a required change: the user has just set the password in this flow, so it counts as entered.
        context.State.AddAuthenticationMethod(AuthenticationMethods.Password);
        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
        return ActivityResult.Outcome(Success);
    }

    private ActivityResult Failed(ActivityContext context, string username, FlowError error)
    {
        WrongCodeCount.Add(context);
        return Settings.RemainingAttempts(context) > 0 ? Retry(context, username, error) : ActivityResult.Outcome(TooManyAttempts);
    }

    private async Task SendAsync(ActivityContext context, string username)
    {
        var settings = Settings;
        var request = new RecoveryCodeRequest(context.EnvironmentId, username, context.InstanceId, context.Node.Id, settings.Length, settings.Lifetime);
        await recovery.RequestCodeAsync(request, context.CancellationToken);
        CodeStepSettings.CountSend(context);
    }

    private ActivityResult Retry(ActivityContext context, string username, FlowError error) =>
        ActivityResult.Suspend(Prompt(context, username) with { Error = error });

    private FlowPrompt Prompt(ActivityContext context, string username)
    {
        var data = new JsonObject
        {
            [PasswordRecoveryFields.Username] = username,
            [PasswordRecoveryFields.RemainingAttempts] = Settings.RemainingAttempts(context),
        };

        // Every prompt of this step follows a send (the first goes out before any prompt), so it always says when the next may.
        Settings.DescribeResends(data, context);
        return new FlowPrompt(FlowStatuses.RecoveryCodeRequired, [FlowActions.PasswordRecover, FlowActions.PasswordSendRecoveryCode], data);
    }

    /// <summary>The username given to 'Forgot password?', or the user the flow already knows.</summary>
    private static string? Username(ActivityContext context) =>
        context.State.Variables.TryGetValue(FlowVariables.RecoveryUsername, out var username)
        && username.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(username.GetString())
            ? username.GetString()
            : context.State.Username;
}
