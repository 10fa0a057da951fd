using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Ends the flow with the authenticated user signed in, optionally at a given authentication context class; for a
/// third-party application, once the user consented to what it asks for (or refused it, which the application learns);
/// for a device's request (RFC 8628), once the user allowed or refused the device.
/// </summary>
[Activity("Sign in", ActivityCategories.Results,
    "Completes the flow: the authenticated user is signed in and the authorization request continues. A third-party application's user is first asked to consent to its scopes, unless they already did; on the device verification page, the user always allows or refuses the device.")]
public sealed class SignIn(IUserDirectory users, IConsentGrants? consents = null) : InteractiveActivity
{
    private const string NotAuthenticatedMessage =
        "The sign-in could not be completed because no step of this flow authenticated the user.";

    private const string DisabledMessage = "This account is disabled.";

    private const string MissingAnswerMessage = "Choose whether to allow or deny access.";

    [ActivityInput("Authentication context class (acr)",
        "The acr value issued in tokens for this path, e.g. mfa; left as is when empty.")]
    public string? Acr { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (await RefuseAsync(context) is { } refused)
        {
            return refused;
        }

        if (!string.IsNullOrWhiteSpace(Acr))
        {
            context.State.Acr = Acr.Trim();
        }

        // RFC 8628 §5.4: the user confirms every device, or a code phished from them would sign a stranger's device in.
        if (DeviceAuthorizationRequest.Of(context.State) is { } device)
        {
            return ActivityResult.Suspend(device.ConsentPrompt());
        }

        return ConsentRequest.Of(context.State) is { } consent && !await AlreadyGrantedAsync(context, consent)
            ? ActivityResult.Suspend(Prompt(consent))
            : ActivityResult.Complete();
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        // The account may have been disabled while the consent page was shown.
        if (await RefuseAsync(context) is { } refused)
        {
            return refused;
        }

        var device = DeviceAuthorizationRequest.Of(context.State);
        var consent = ConsentRequest.Of(context.State);
        if (device is null && consent is null)
        {
            return ActivityResult.Complete();
        }

        if (ConsentAnswer.Of(action, ConsentFields.Accept) is not { } accepted)
        {
            var prompt = device?.ConsentPrompt() ?? Prompt(consent!);
            return ActivityResult.Suspend(prompt with { Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingAnswerMessage) });
        }

        // A refusal still ends the flow: the user did sign in, and the resume answers the application (or device) access_denied.
        context.State.Variables[FlowVariables.ConsentDecision] =
            JsonSerializer.SerializeToElement(accepted ? ConsentDecisions.Granted : ConsentDecisions.Denied);
        return ActivityResult.Complete();
    }

    /// <summary>Why the user cannot be signed in, or null when they can.</summary>
    private async Task<ActivityResult?> RefuseAsync(ActivityContext context)
    {
        // An identified but unauthenticated user (e.g. one that must still change their password) must never get a session.
        if (context.State.UserId is not { } userId || context.State.AuthenticatedAt is null)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotAuthenticated, NotAuthenticatedMessage);
        }

        // A flow may wait on the user for its whole idle timeout; an account disabled or removed meanwhile gets no session.
        var user = await users.FindByIdAsync(context.EnvironmentId, userId, context.CancellationToken);
        return user is { Enabled: true } ? null : ActivityResult.Fail(FlowErrorCodes.UserDisabled, DisabledMessage);
    }

    /// <summary>A remembered consent that covers every scope asked for skips the page, unless prompt=consent forces it.</summary>
    private async Task<bool> AlreadyGrantedAsync(ActivityContext context, ConsentRequest consent) =>
        !consent.Forced && consents is not null && context.ApplicationId is { } clientId
        && await consents.CoversAsync(context.EnvironmentId, clientId, context.State.UserId!,
            consent.Scopes.Select(scope => scope.Scope).ToList(), context.CancellationToken);

    private static FlowPrompt Prompt(ConsentRequest consent) => new(FlowStatuses.ConsentRequired, [FlowActions.UserConsent], new JsonObject
    {
        [ConsentFields.Application] = consent.Application,
        [ConsentFields.Scopes] = new JsonArray([.. consent.Scopes.Select(scope => (JsonNode)new JsonObject
        {
            ["scope"] = scope.Scope,
            ["description"] = scope.Description,
        })]),
    });
}
