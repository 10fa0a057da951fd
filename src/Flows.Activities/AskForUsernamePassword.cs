using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Asks for a username and password and checks them against the environment's user directory. For a user the flow
/// already knows (e.g. the one signed in through another application), only that user's password is accepted. While
/// the username is still to be typed, it may offer the browser's passkey autofill, which signs in without a password.
/// </summary>
[Activity("Ask for username and password", ActivityCategories.Login,
    "Shows the username/password form and checks the password; a wrong password, an unknown username and a locked " +
    "account get the same answer. For a user already known to the flow, asks that user's password (the username is fixed). " +
    "With passkey autofill, a passkey chosen in the username field signs in at once (passkeySignedIn); it is offered only " +
    "while no username is fixed, so that it never signs in another user than the one the flow already names. It may offer to " +
    "create an account (register), while the flow knows no user yet.")]
public sealed class AskForUsernamePassword(IUserDirectory users, IPasskeys? passkeys = null) : InteractiveActivity
{
    [Outcome("The password is right; the user is signed in with pwd.")]
    public const string Success = "success";

    // Kept so that existing flows stay valid. Saying that an account is locked says that it exists (OWASP
    // Authentication Cheat Sheet, "Authentication and Error Messages"), so a locked account gets the wrong-password answer.
    [Outcome("Not followed: a locked account is answered as a wrong password is, so that no one learns it exists.")]
    public const string LockedOut = "lockedOut";

    [Outcome("The account is disabled.")]
    public const string Disabled = "disabled";

    [Outcome("The password is right but must be replaced before signing in (required, or older than the environment's maximum password age).")]
    public const string MustChangePassword = "mustChangePassword";

    [Outcome("The user forgot the password (password.forgot): on to a recovery step. Only when 'Offer forgot password' is on.",
        OnlyWhen = nameof(OfferForgotPassword))]
    public const string ForgotPassword = "forgotPassword";

    [Outcome(PasskeyAutofill.OutcomeDescription, OnlyWhen = nameof(OfferPasskeyAutofill))]
    public const string PasskeySignedIn = "passkeySignedIn";

    [Outcome(RegistrationOffer.OutcomeDescription, OnlyWhen = nameof(OfferRegistration))]
    public const string Register = RegistrationOffer.Outcome;

    // One message for an unknown user, a wrong password and a locked account, so the form cannot be used to find accounts.
    private const string InvalidCredentialsMessage = "The username or password is incorrect.";
    private const string MissingFieldsMessage = "Enter both your username and your password.";
    private const string MissingPasswordMessage = "Enter your password.";
    private const string MissingUsernameMessage = "Enter your username.";
    private const string OtherUserMessage = "This sign-in continues as the user already signed in; to use another account, start over or sign out first.";

    [ActivityInput("Skip when the session already proved a password",
        "For a user already signed in (e.g. through another application) whose session proved a password: " +
        "continue with success at once, without asking again. Off: the password is asked every time.",
        Default = false)]
    public bool SkipWhenSessionProvedPassword { get; set; }

    [ActivityInput("Offer forgot password",
        "Shows 'Forgot password?' and accepts password.forgot {username}, which leaves by the forgotPassword outcome " +
        "(connect it to 'Recover a forgotten password'), whether or not the username is a user's.",
        Default = false)]
    public bool OfferForgotPassword { get; set; }


    [ActivityInput("Offer passkey autofill", PasskeyAutofill.InputDescription, Default = false)]
    public bool OfferPasskeyAutofill { get; set; }

    [ActivityInput(RegistrationOffer.InputName, RegistrationOffer.InputDescription, Default = false)]
    public bool OfferRegistration { get; set; }

    // Without a relying party (a directory of passwords alone), no autofill can be offered.
    private readonly PasskeyAutofill? _autofill = passkeys is null ? null : new(passkeys, users);

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (SkipWhenSessionProvedPassword && context.State.UserId is { } userId
            && ProvenSession.Of(context.State) is { } session && session.Proved(userId, AuthenticationMethods.Password))
        {
            // The session's password stands for this step; auth_time stays when it was entered (OIDC Core §2).
            context.State.AddAuthenticationMethod(AuthenticationMethods.Password);
            context.State.AuthenticatedAt = Latest(context.State.AuthenticatedAt, session.AuthenticatedAt);
            return ActivityResult.Outcome(Success);
        }

        // Every entry into the step makes a new autofill challenge.
        PasskeySignIn.End(context);
        return ActivityResult.Suspend(await PromptAsync(context));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action) =>
        PasskeyAutofill.Leave(context, await AnswerAsync(context, action));

    private async Task<ActivityResult> AnswerAsync(ActivityContext context, FlowAction action)
    {
        if (action.Name == FlowActions.PasswordForgot)
        {
            return await ForgotAsync(context, action);
        }

        if (action.Name == FlowActions.UserRegister)
        {
            return RegistrationOffer.Answer(OffersRegistration(context));
        }

        if (action.Name == FlowActions.AssertionCheck && OffersAutofill(context))
        {
            var answer = await _autofill!.CheckAsync(context, action);
            return answer.Kind switch
            {
                PasskeyAnswerKind.SignedIn => ActivityResult.Outcome(PasskeySignedIn),
                PasskeyAnswerKind.Disabled => ActivityResult.Outcome(Disabled),
                _ => PasskeyAutofill.Refusal(answer, await PromptAsync(context)),
            };
        }

        var username = action.GetString(UsernamePasswordFields.Username);
        var password = action.GetString(UsernamePasswordFields.Password);
        var known = KnownUsername(context);
        if ((known ?? Identifier(context)) is { } fixedUsername)
        {
            // The flow is for this user (or this identifier): another username is a mistake, never a switch of account.
            if (!string.IsNullOrWhiteSpace(username) && !string.Equals(username.Trim(), fixedUsername, StringComparison.OrdinalIgnoreCase))
            {
                return await RetryAsync(context, FlowErrorCodes.InvalidRequest, OtherUserMessage);
            }

            username = fixedUsername;
        }

        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return await RetryAsync(context, FlowErrorCodes.InvalidRequest, known is null ? MissingFieldsMessage : MissingPasswordMessage);
        }

        var check = await users.CheckPasswordAsync(context.EnvironmentId, username.Trim(), password, context.CancellationToken);
        if (known is not null && check.User is { } found && found.Id != context.State.UserId)
        {
            return await RetryAsync(context, FlowErrorCodes.InvalidCredentials, InvalidCredentialsMessage);
        }

        return check switch
        {
            { Result: PasswordCheckResult.Success, User: { } user } => SignedIn(context, user),
            { Result: PasswordCheckResult.MustChangePassword, User: { } user } => MustChange(context, user),
            { Result: PasswordCheckResult.PasswordExpired, User: { } user } => Expired(context, user),
            { Result: PasswordCheckResult.Disabled } => ActivityResult.Outcome(Disabled),
            _ => await RetryAsync(context, FlowErrorCodes.InvalidCredentials, InvalidCredentialsMessage),
        };
    }

    /// <summary>
    /// On to recovery with the username (the fixed one of a known user or an identifier), unchecked: whether it is a
    /// user's is told to no one, so the answer is the same for any.
    /// </summary>
    private async Task<ActivityResult> ForgotAsync(ActivityContext context, FlowAction action)
    {
        if (!OfferForgotPassword)
        {
            return ActivityResult.Reject(FlowErrorCodes.InvalidRequest, "This sign-in does not offer password recovery.");
        }

        var username = KnownUsername(context) ?? Identifier(context) ?? action.GetString(UsernamePasswordFields.Username)?.Trim();
        if (string.IsNullOrEmpty(username))
        {
            return await RetryAsync(context, FlowErrorCodes.InvalidRequest, MissingUsernameMessage);
        }

        context.State.Variables[FlowVariables.RecoveryUsername] = JsonSerializer.SerializeToElement(username);
        return ActivityResult.Outcome(ForgotPassword);
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

    private static ActivityResult Expired(ActivityContext context, DirectoryUser user)
    {
        // The must-change edge, so that every flow that handles a required change handles an expired password too.
        context.State.Variables[FlowVariables.PasswordExpired] = JsonSerializer.SerializeToElement(true);
        return MustChange(context, user);
    }

    private static void Identify(ActivityContext context, DirectoryUser user)
    {
        context.State.UserId = user.Id;
        context.State.Username = user.Username;
    }

    private async Task<ActivityResult> RetryAsync(ActivityContext context, string code, string message) =>
        ActivityResult.Suspend(await PromptAsync(context) with { Error = new FlowError(code, message) });

    /// <summary>The prompt, with the passkey autofill while it is offered.</summary>
    private async Task<FlowPrompt> PromptAsync(ActivityContext context) =>
        OffersAutofill(context) ? PasskeyAutofill.Offer(Prompt(context), await _autofill!.OptionsAsync(context)) : Prompt(context);

    /// <summary>
    /// Autofill is offered while the username is still to be typed: once the flow names a user (or an identifier), a
    /// passkey chosen from the list could be another user's, so the step asks that user's password alone.
    /// </summary>
    private bool OffersAutofill(ActivityContext context) =>
        OfferPasskeyAutofill && _autofill is not null && KnownUsername(context) is null && Identifier(context) is null;

    /// <summary>
    /// Registration is offered while the flow knows no user: a flow for a user already signed in (a step-up) must never
    /// end as another account, which the verified registration would sign in.
    /// </summary>
    private bool OffersRegistration(ActivityContext context) => OfferRegistration && context.State.UserId is null;

    private FlowPrompt Prompt(ActivityContext context) =>
        RegistrationOffer.Offer(new(FlowStatuses.UsernamePasswordRequired,
            OfferForgotPassword ? [FlowActions.UsernamePasswordCheck, FlowActions.PasswordForgot] : [FlowActions.UsernamePasswordCheck],
            PrefilledData(context)), OffersRegistration(context));

    /// <summary>The username to prefill; for a known user also <c>user.username</c>, which tells a UI the username is fixed.</summary>
    private static JsonObject? PrefilledData(ActivityContext context)
    {
        // A known user and an identifier given first look the same: the answer does not tell whether the account exists.
        if ((KnownUsername(context) ?? Identifier(context)) is { } known)
        {
            return new JsonObject
            {
                [UsernamePasswordFields.Username] = known,
                [UsernamePasswordFields.User] = new JsonObject { [UsernamePasswordFields.Username] = known },
            };
        }

        return context.State.Variables.TryGetValue(FlowVariables.LoginHint, out var hint)
            && hint.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(hint.GetString())
                ? new JsonObject { [UsernamePasswordFields.Username] = hint.GetString() }
                : null;
    }

    /// <summary>The username of the user the flow already identified, if any.</summary>
    private static string? KnownUsername(ActivityContext context) =>
        context.State.UserId is not null && !string.IsNullOrWhiteSpace(context.State.Username) ? context.State.Username : null;

    /// <summary>The identifier an identifier-first step was given, which may or may not be a user's.</summary>
    private static string? Identifier(ActivityContext context) =>
        context.State.Variables.TryGetValue(FlowVariables.Identifier, out var identifier)
        && identifier.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(identifier.GetString())
            ? identifier.GetString()!.Trim()
            : null;

    private static DateTimeOffset Latest(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } value && value > candidate ? value : candidate;
}
