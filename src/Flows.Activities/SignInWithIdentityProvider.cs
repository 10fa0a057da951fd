using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.IdentityProviders;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Signs the user in at an upstream OpenID Connect provider of the environment. The upstream identity signs in the
/// local user linked to it; else a local user with the same verified e-mail proves the account with its password and
/// is linked; else, when allowed, a new local user is created from the mapped claims.
/// </summary>
[Activity("Sign in with identity provider", ActivityCategories.Login,
    "Sends the browser to an upstream OpenID Connect provider and continues when it returns: a linked user signs in, " +
    "an existing user with the same verified e-mail links after proving their password, others are created when allowed.")]
public sealed class SignInWithIdentityProvider(IExternalIdentities identities, IUserDirectory users) : InteractiveActivity
{
    [Outcome("The upstream identity signed in a local user (amr fed; pwd too when the account was linked with its password).")]
    public const string Success = "success";

    [Outcome("The provider refused, failed or was cancelled, or no local user may sign in with the identity.")]
    public const string Failed = "failed";

    private const string AttemptVariable = "attempt";
    private const string PendingUserVariable = "linkUser";
    private const string PendingIdentityVariable = "linkIdentity";
    private const string InvalidCredentialsMessage = "The username or password is incorrect.";
    private const string MissingFieldsMessage = "Enter both your username and your password.";

    [ActivityInput("Provider", "The id of the environment's identity provider to sign in with.", Required = true, Lookup = ActivityLookups.IdentityProviders)]
    public string Provider { get; set; } = "";

    [ActivityInput("Redirect at once", "Send the browser to the provider at once instead of showing a \"Continue with\" button.", Default = false)]
    public bool RedirectImmediately { get; set; }

    [ActivityInput("Create users", "Create a local user from the upstream identity when none is linked to it or has its e-mail.", Default = false)]
    public bool CreateUsers { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (await identities.FindProviderAsync(context.EnvironmentId, Provider, context.CancellationToken) is not { } provider)
        {
            return ActivityResult.Outcome(Failed);
        }

        // A fresh value per wait: a callback of an earlier wait (before a restart of the flow) is not taken.
        var attempt = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.SetNodeVariable(AttemptVariable, attempt);
        context.RemoveNodeVariable(PendingUserVariable);
        context.RemoveNodeVariable(PendingIdentityVariable);
        return ActivityResult.Suspend(new FlowPrompt(FlowStatuses.ExternalAuthenticationRequired, [FlowActions.Authenticate], new JsonObject
        {
            [ExternalAuthenticationFields.Provider] = new JsonObject
            {
                [ExternalAuthenticationFields.Id] = provider.Id,
                [ExternalAuthenticationFields.Name] = provider.Name,
            },
            [ExternalAuthenticationFields.RedirectImmediately] = RedirectImmediately,
            [ExternalAuthenticationFields.Attempt] = attempt,
        }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action) =>
        action.Name == FlowActions.Authenticate ? ReturnedAsync(context, action) : ProveAccountAsync(context, action);

    /// <summary>The provider answered at the callback: an error, or the identity it authenticated.</summary>
    private async ValueTask<ActivityResult> ReturnedAsync(ActivityContext context, FlowAction action)
    {
        var expected = context.GetNodeVariable<string>(AttemptVariable);
        if (expected is null || !string.Equals(action.GetString(ExternalAuthenticationFields.Attempt), expected, StringComparison.Ordinal)
            || action.GetString(ExternalAuthenticationFields.Error) is not null
            || !action.Body.TryGetProperty(ExternalAuthenticationFields.Identity, out var body)
            || ExternalIdentity.FromJson(body) is not { } identity)
        {
            return ActivityResult.Outcome(Failed);
        }

        var cancellation = context.CancellationToken;
        if (await identities.FindLinkedUserAsync(context.EnvironmentId, Provider, identity.Subject, cancellation) is { } linked)
        {
            return SignedIn(context, linked, identity);
        }

        if (!string.IsNullOrWhiteSpace(identity.Email)
            && await identities.FindByEmailAsync(context.EnvironmentId, identity.Email, cancellation) is { } owner)
        {
            // An e-mail the provider says it did not verify proves nothing about the account that has it (OIDC Core §5.7):
            // no link, no new user. Otherwise the account's owner proves it with the password, which is what links it.
            return identity.EmailVerified != false && owner.Enabled ? AskToProve(context, owner, identity, error: null) : ActivityResult.Outcome(Failed);
        }

        if (CreateUsers && await identities.CreateLinkedUserAsync(context.EnvironmentId, Provider, identity, cancellation) is { } created)
        {
            return SignedIn(context, created, identity);
        }

        return ActivityResult.Outcome(Failed);
    }

    /// <summary>The local account's owner typed its password: a right one links the upstream identity to the account.</summary>
    private async ValueTask<ActivityResult> ProveAccountAsync(ActivityContext context, FlowAction action)
    {
        var userId = context.GetNodeVariable<string>(PendingUserVariable);
        var identity = context.GetNodeVariable<ExternalIdentity>(PendingIdentityVariable);
        if (userId is null || identity is null
            || await users.FindByIdAsync(context.EnvironmentId, userId, context.CancellationToken) is not { } owner)
        {
            return ActivityResult.Outcome(Failed);
        }

        var username = action.GetString(UsernamePasswordFields.Username);
        var password = action.GetString(UsernamePasswordFields.Password);
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return AskToProve(context, owner, identity, new FlowError(FlowErrorCodes.InvalidRequest, MissingFieldsMessage));
        }

        // The prompt never names the account (the upstream e-mail must not reveal a username): the user names it, and
        // only that very account, with its password, is linked. Anything else gets the wrong-password answer.
        var check = await users.CheckPasswordAsync(context.EnvironmentId, username.Trim(), password, context.CancellationToken);
        if (check is not { Result: PasswordCheckResult.Success or PasswordCheckResult.MustChangePassword or PasswordCheckResult.PasswordExpired, User: { } user } || user.Id != owner.Id)
        {
            return AskToProve(context, owner, identity, new FlowError(FlowErrorCodes.InvalidCredentials, InvalidCredentialsMessage));
        }

        if (!await identities.LinkAsync(context.EnvironmentId, Provider, identity.Subject, owner.Id, context.CancellationToken))
        {
            return ActivityResult.Outcome(Failed);
        }

        context.State.AddAuthenticationMethod(AuthenticationMethods.Password);
        return SignedIn(context, owner, identity);
    }

    private ActivityResult AskToProve(ActivityContext context, DirectoryUser owner, ExternalIdentity identity, FlowError? error)
    {
        context.SetNodeVariable(PendingUserVariable, owner.Id);
        context.SetNodeVariable(PendingIdentityVariable, identity);
        return ActivityResult.Suspend(new FlowPrompt(FlowStatuses.AccountLinkingRequired, [FlowActions.UsernamePasswordCheck], new JsonObject
        {
            [ExternalAuthenticationFields.Provider] = new JsonObject { [ExternalAuthenticationFields.Id] = Provider },
        }, error));
    }

    private ActivityResult SignedIn(ActivityContext context, DirectoryUser user, ExternalIdentity identity)
    {
        context.RemoveNodeVariable(PendingUserVariable);
        context.RemoveNodeVariable(PendingIdentityVariable);
        context.RemoveNodeVariable(AttemptVariable);
        if (!user.Enabled || (context.State.UserId is { } known && known != user.Id))
        {
            // A disabled account, or another user than the one this flow is for (a step-up), does not sign in.
            return ActivityResult.Outcome(Failed);
        }

        context.State.UserId = user.Id;
        context.State.Username = user.Username;
        // Always fed, never the upstream's own values: a pwd proven upstream is no proof of this account's password, and a
        // later step that skips when the session proved pwd must not skip for it.
        context.State.AddAuthenticationMethod(AuthenticationMethods.Federated);

        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
        return ActivityResult.Outcome(Success);
    }
}
