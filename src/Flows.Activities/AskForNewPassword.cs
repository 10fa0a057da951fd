using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>Makes the identified user replace their password before the flow goes on.</summary>
[Activity("Ask for a new password", ActivityCategories.Login,
    "Asks the user for their current password and a new one, and replaces it in the user directory " +
    "(PASSWORD_EXPIRED when the password step found it older than the environment's maximum age).")]
public sealed class AskForNewPassword(IUserDirectory users) : InteractiveActivity
{
    [Outcome("The password was replaced; the user is signed in with pwd.")]
    public const string Success = "success";

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";
    private const string MissingFieldsMessage = "Enter your current password and a new password.";
    private const string InvalidCurrentPasswordMessage = "The current password is incorrect.";
    private const string TooWeakMessage = "The new password does not meet the password requirements.";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(context.State.UserId is null
            ? ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage)
            : ActivityResult.Suspend(Prompt(context)));

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        var currentPassword = action.GetString(MustChangePasswordFields.CurrentPassword);
        var newPassword = action.GetString(MustChangePasswordFields.NewPassword);
        if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword))
        {
            return Retry(context, FlowErrorCodes.InvalidRequest, MissingFieldsMessage);
        }

        var result = await users.ChangePasswordAsync(
            context.EnvironmentId, userId, currentPassword, newPassword, context.InstanceId, context.CancellationToken);
        return result switch
        {
            PasswordChangeResult.Success => Changed(context),
            PasswordChangeResult.TooWeak => Retry(context, FlowErrorCodes.PasswordTooWeak, TooWeakMessage),
            _ => Retry(context, FlowErrorCodes.InvalidCurrentPassword, InvalidCurrentPasswordMessage),
        };
    }

    private static ActivityResult Changed(ActivityContext context)
    {
        context.State.Variables.Remove(FlowVariables.PasswordExpired);
        // The user has just proven the current password, so this counts as a password authentication.
        context.State.AddAuthenticationMethod(AuthenticationMethods.Password);
        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
        return ActivityResult.Outcome(Success);
    }

    private static ActivityResult Retry(ActivityContext context, string code, string message) =>
        ActivityResult.Suspend(Prompt(context) with { Error = new FlowError(code, message) });

    private static FlowPrompt Prompt(ActivityContext context) =>
        new(Expired(context) ? FlowStatuses.PasswordExpired : FlowStatuses.MustChangePassword, [FlowActions.PasswordReset],
            new JsonObject { [MustChangePasswordFields.Username] = context.State.Username });

    private static bool Expired(ActivityContext context) =>
        context.State.Variables.TryGetValue(FlowVariables.PasswordExpired, out var expired) && expired.ValueKind == JsonValueKind.True;
}
