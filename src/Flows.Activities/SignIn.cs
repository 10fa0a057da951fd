using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>Ends the flow with the authenticated user signed in, optionally at a given authentication context class.</summary>
[Activity("Sign in", ActivityCategories.Results,
    "Completes the flow: the authenticated user is signed in and the authorization request continues.")]
public sealed class SignIn(IUserDirectory users) : Activity
{
    private const string NotAuthenticatedMessage =
        "The sign-in could not be completed because no step of this flow authenticated the user.";

    private const string DisabledMessage = "This account is disabled.";

    [ActivityInput("Authentication context class (acr)",
        "The acr value issued in tokens for this path, e.g. mfa; left as is when empty.")]
    public string? Acr { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        // An identified but unauthenticated user (e.g. one that must still change their password) must never get a session.
        if (context.State.UserId is not { } userId || context.State.AuthenticatedAt is null)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotAuthenticated, NotAuthenticatedMessage);
        }

        // A flow may wait on the user for its whole idle timeout; an account disabled or removed meanwhile gets no session.
        var user = await users.FindByIdAsync(context.EnvironmentId, userId, context.CancellationToken);
        if (user is not { Enabled: true })
        {
            return ActivityResult.Fail(FlowErrorCodes.UserDisabled, DisabledMessage);
        }

        if (!string.IsNullOrWhiteSpace(Acr))
        {
            context.State.Acr = Acr.Trim();
        }

        return ActivityResult.Complete();
    }
}
