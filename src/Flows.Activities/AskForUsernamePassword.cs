using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>Asks for a username and password and checks them against the environment's user directory.</summary>
[Activity("Ask for username and password", ActivityCategories.Login,
    "Shows the username/password form and checks the password; a wrong password, an unknown username and a locked account get the same answer.")]
public sealed class AskForUsernamePassword(IUserDirectory users) : InteractiveActivity
{
    [Outcome("The password is right; the user is signed in with pwd.")]
    public const string Success = "success";

    // Kept so that existing flows stay valid. Saying that an account is locked says that it exists (OWASP
    // Authentication Cheat Sheet, "Authentication and Error Messages"), so a locked account gets the wrong-password answer.
    [Outcome("Not followed: a locked account is answered as a wrong password is, so that no one learns it exists.")]
    public const string LockedOut = "lockedOut";

    [Outcome("The account is disabled.")]
    public const string Disabled = "disabled";

    [Outcome("The password is right but must be replaced before signing in.")]
    public const string MustChangePassword = "mustChangePassword";

    private const string UsernameField = "username";
    private const string PasswordField = "password";

    // One message for an unknown user, a wrong password and a locked account, so the form cannot be used to find accounts.
    private const string InvalidCredentialsMessage = "The username or password is incorrect.";
    private const string MissingFieldsMessage = "Enter both your username and your password.";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(Prompt(context)));

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        var username = action.GetString(UsernameField);
        var password = action.GetString(PasswordField);
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return Retry(context, FlowErrorCodes.InvalidRequest, MissingFieldsMessage);
        }

        var check = await users.CheckPasswordAsync(context.EnvironmentId, username.Trim(), password, context.CancellationToken);
        return check switch
        {
            { Result: PasswordCheckResult.Success, User: { } user } => SignedIn(context, user),
            { Result: PasswordCheckResult.MustChangePassword, User: { } user } => MustChange(context, user),
            { Result: PasswordCheckResult.Disabled } => ActivityResult.Outcome(Disabled),
            _ => Retry(context, FlowErrorCodes.InvalidCredentials, InvalidCredentialsMessage),
        };
    }

    private static ActivityResult SignedIn(ActivityContext context, DirectoryUser user)
    {
        Identify(context, user);
        context.State.AddAuthenticationMethod(AuthenticationMethods.Password);
        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
        return ActivityResult.Outcome(Success);
    }

    private static ActivityResult MustChange(ActivityContext context, DirectoryUser user)
    {
        // Identified, not authenticated: pwd is recorded once the new password is set (AskForNewPassword).
        Identify(context, user);
        return ActivityResult.Outcome(MustChangePassword);
    }

    private static void Identify(ActivityContext context, DirectoryUser user)
    {
        context.State.UserId = user.Id;
        context.State.Username = user.Username;
    }

    private static ActivityResult Retry(ActivityContext context, string code, string message) =>
        ActivityResult.Suspend(Prompt(context) with { Error = new FlowError(code, message) });

    private static FlowPrompt Prompt(ActivityContext context) =>
        new(FlowStatuses.UsernamePasswordRequired, [FlowActions.UsernamePasswordCheck], PrefilledData(context));

    private static JsonObject? PrefilledData(ActivityContext context) =>
        context.State.Variables.TryGetValue(FlowVariables.LoginHint, out var hint)
        && hint.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(hint.GetString())
            ? new JsonObject { [UsernameField] = hint.GetString() }
            : null;
}
