using Flows.Engine.Runtime;
using static Flows.AuthServer.Failures.ErrorCodes;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace Flows.AuthServer.Failures;

/// <summary>
/// Every failure the engine, the services and the protocol answer with, once: each surface (the flow API, the
/// /v1 API, the hosted pages, sign-off) renders from these entries. No exception text or internal id reaches a
/// response; an exception no entry knows is <see cref="Unexpected"/>.
/// </summary>
public static class ErrorCatalog
{
    private const string StartAgain = "Go back to the application and start again.";
    private const string SignoffRefused = "This sign-out request is not valid";

    // The flow: the JSON flow API and the hosted sign-on pages.
    public static ErrorEntry FlowNotFound { get; } = new(NotFound, Status404NotFound, "Flow not found", "No such flow in this environment.",
        new(Status404NotFound, "We can't find this sign-in", $"The link is incomplete or no longer valid. {StartAgain}"));

    public static ErrorEntry Expired { get; } = new(FlowExpired, Status404NotFound, "Flow expired",
        "This sign-in waited too long and has expired. Start again from the application.",
        new(Status404NotFound, "This sign-in has expired", "This sign-in has expired — go back to the application and start again."));

    public static ErrorEntry OtherSession { get; } = new(InvalidSession, Status403Forbidden, "Session required",
        "The request must carry the session cookie of the browser that started this flow.",
        new(Status403Forbidden, "This sign-in belongs to another browser",
            $"It was started in a different browser or session. {StartAgain} If this keeps happening, allow cookies for this site."));

    public static ErrorEntry FlowChanged { get; } = new(Conflict, Status409Conflict, "Flow changed",
        "Another request changed this flow at the same time. Get the flow and try again.",
        new(Status409Conflict, "This sign-in changed in another window",
            "Another window or tab moved this sign-in on at the same moment. Continue to see where it stands.", OfferContinue: true));

    public static ErrorEntry Ended { get; } = new(FlowEnded, Status400BadRequest, "Flow ended", "This flow is finished and accepts no action.",
        new(Status409Conflict, "This sign-in has already finished", "Continue to see how it ended.", OfferContinue: true));

    /// <summary>The flow API adds the actions that are allowed; the page only says the step moved on.</summary>
    public static ErrorEntry ActionNotAllowed { get; } = new(InvalidAction, Status400BadRequest, "Action not allowed",
        "The action is not allowed now; see allowedActions.",
        new(Status409Conflict, "This step is no longer current",
            "This sign-in has moved on to another step, perhaps in another tab. Continue to see the current step.", OfferContinue: true));

    /// <summary>
    /// The step refused the answer as not genuine (e.g. a WebAuthn response for another challenge or origin); the flow
    /// is unchanged, and the problem's <c>reason</c> carries the step's own code.
    /// </summary>
    public static ErrorEntry ActionRejected { get; } = new(ActionRefused, Status400BadRequest, "Action refused",
        "The step refused this answer; the flow is unchanged.",
        new(Status400BadRequest, "This answer was not accepted", "Nothing was changed. Continue to try again.", OfferContinue: true));

    public static ErrorEntry InvalidBody { get; } = new(InvalidRequest, Status400BadRequest, "Invalid body",
        "The body must be a JSON object of at most 16 KiB.",
        new(Status400BadRequest, "This form could not be sent", "Continue to try again.", OfferContinue: true));

    /// <summary>An activity threw: the instance is unchanged, so trying again can help.</summary>
    public static ErrorEntry StepFailed { get; } = new(UnexpectedError, Status500InternalServerError, "Step failed",
        "This step could not be completed. The flow is unchanged; try again.",
        new(Status500InternalServerError, "Something went wrong on our side",
            "This step could not be completed. Your sign-in is unchanged; please try again.", OfferContinue: true));

    /// <summary>Any exception no other entry names: logged once with the trace id the response carries.</summary>
    public static ErrorEntry Unexpected { get; } = new(UnexpectedError, Status500InternalServerError, "Unexpected error",
        "The server could not complete this request. If it keeps happening, report the traceId.",
        new(Status500InternalServerError, "Something went wrong on our side",
            "This request could not be completed. Please try again later; if it keeps happening, give your administrator the reference below."));

    // An outside application's answer to a flow that waits on it (RedirectToApplication); the flow is unchanged.
    public static ErrorEntry InvalidContinueToken { get; } = new(ErrorCodes.InvalidContinueToken, Status400BadRequest, "Invalid continue token",
        "The answer token is missing, malformed, not signed with this environment's secret, or not for this flow and its current step.",
        new(Status400BadRequest, "This answer can't be used", "The application's answer to this sign-in is not valid. Go back to the application and start again."));

    public static ErrorEntry ContinueTokenExpired { get; } = new(ErrorCodes.ContinueTokenExpired, Status400BadRequest, "Continue token expired",
        "The answer token has expired.",
        new(Status400BadRequest, "This answer has expired", "The application answered too late. Go back to the application and start again."));

    public static ErrorEntry ContinueTokenUsed { get; } = new(ErrorCodes.ContinueTokenUsed, Status409Conflict, "Continue token used",
        "The answer token was used before; each is accepted once.",
        new(Status409Conflict, "This answer was already used", "Continue to see where this sign-in stands.", OfferContinue: true));

    // The hosted pages only.
    public static ErrorEntry UnknownEnvironment { get; } = new(EnvironmentNotFound, Status404NotFound, "Environment not found",
        "No environment has this name.",
        new(Status404NotFound, "This page does not exist", "Check the address, or go back to the application and sign in from there."));

    public static ErrorEntry UnsupportedStep { get; } = new(StepNotSupported, Status501NotImplemented, "Step not supported",
        "The flow waits on a step the hosted pages cannot show.",
        new(Status501NotImplemented, "This step can't be shown here",
            "This sign-in asks for a step that these pages cannot show. Contact your administrator."));

    public static ErrorEntry UnknownFormPost { get; } = new(UnknownForm, Status400BadRequest, "Unknown form", "The post names no form of this page.",
        new(Status400BadRequest, "This form could not be sent", "Continue to try again.", OfferContinue: true));

    /// <summary>A POST whose antiforgery token is missing or does not match its cookie; nothing was done.</summary>
    public static ErrorEntry FormNotAccepted { get; } = new(FormExpired, Status400BadRequest, "Form expired",
        "The antiforgery token is missing or does not match its cookie; nothing was changed.",
        new(Status400BadRequest, "This form can no longer be sent",
            "For your security it was not accepted, and nothing was changed. Go back, reload the page and try again."));

    // Sign-off (OpenID RP-Initiated Logout 1.0): refused requests change nothing.
    public static ErrorEntry SignoffHintNotIssued { get; } = new(SignoffHintInvalid, Status400BadRequest, "Invalid id_token_hint",
        "The id_token_hint was not issued by this environment.",
        new(Status400BadRequest, SignoffRefused, "The sign-out request came with a token this server did not issue."));

    public static ErrorEntry SignoffForAnotherUser { get; } = new(SignoffOtherUser, Status400BadRequest, "Hint of another user",
        "The id_token_hint names another user than the session's.",
        new(Status400BadRequest, SignoffRefused, "The sign-out request is for another user than the one signed in here."));

    public static ErrorEntry SignoffFormNotAccepted { get; } = new(SignoffFormExpired, Status400BadRequest, "Form expired",
        "The sign-out confirmation's antiforgery token is missing or does not match.",
        new(Status400BadRequest, SignoffRefused, "The sign-out form has expired or came from another site. Nothing was changed."));

    // The /v1 management API; its callers add the detail that names the resource.
    public static ErrorEntry NoToken { get; } = new(Unauthorized, Status401Unauthorized, "Unauthorized",
        "This API needs a bearer access token of the admin environment.",
        new(Status401Unauthorized, "Please sign in", "This page needs you to sign in as an administrator."));

    public static ErrorEntry ScopeMissing { get; } = new(InsufficientScope, Status403Forbidden, "Insufficient scope",
        "This request needs a scope the access token lacks.",
        new(Status403Forbidden, "You can't do this", "Your administrator account is not allowed to do this."));

    public static ErrorEntry ResourceNotFound { get; } = new(NotFound, Status404NotFound, "Not found", "The resource does not exist.",
        new(Status404NotFound, "This page does not exist", "Check the address and try again."));

    public static ErrorEntry Duplicate { get; } = new(AlreadyExists, Status409Conflict, "Already exists", "The resource exists already.",
        new(Status409Conflict, "This exists already", "Something with the same name exists already."));

    public static ErrorEntry ResourceConflict { get; } = new(Conflict, Status409Conflict, "Conflict",
        "The request clashes with the resource's state.",
        new(Status409Conflict, "This can't be done now", "Something changed in the meantime. Reload and try again."));

    public static ErrorEntry Stale { get; } = new(PreconditionFailed, Status412PreconditionFailed, "Precondition failed",
        "The resource changed since it was read (If-Match names an older ETag); read it again and retry.",
        new(Status412PreconditionFailed, "This changed in the meantime", "Someone changed this since you opened it. Reload and try again."));

    public static ErrorEntry Invalid { get; } = new(InvalidData, Status400BadRequest, "Invalid data",
        "One or more values are not valid; see errors.",
        new(Status400BadRequest, "Some values are not valid", "Correct the values shown and try again."));

    public static ErrorEntry InvalidDefinition { get; } = new(InvalidData, Status400BadRequest, "Invalid flow definition",
        "The flow definition has problems; see errors.",
        new(Status400BadRequest, "This flow has problems", "Correct the problems shown and try again."));

    public static ErrorEntry UnreadableBody { get; } = new(InvalidRequest, Status400BadRequest, "Invalid body", "The body could not be read.",
        new(Status400BadRequest, "This request could not be read", "Reload the page and try again."));

    public static ErrorEntry NotJson { get; } = new(UnsupportedMediaType, Status415UnsupportedMediaType, "Unsupported media type",
        "The body must be application/json.",
        new(Status415UnsupportedMediaType, "This request could not be read", "Reload the page and try again."));

    public static ErrorEntry WrongMethod { get; } = new(MethodNotAllowed, Status405MethodNotAllowed, "Method not allowed",
        "This resource does not take this method.",
        new(Status405MethodNotAllowed, "This page can't do that", "Go back and try again."));

    /// <summary>A rate limit refused the request (any surface); <c>Retry-After</c> says when to try again.</summary>
    public static ErrorEntry TooManyRequests { get; } = new(ErrorCodes.TooManyRequests, Status429TooManyRequests, "Too many requests",
        "Too many requests in a short time; nothing was done. Try again after the number of seconds in Retry-After.",
        new(Status429TooManyRequests, "Too many attempts",
            "There were too many attempts in a short time, so this one was not checked. Wait a minute, then try again.", OfferContinue: true));

    // The designer's own sign-in: the answer at its OpenID callback.
    public static ErrorEntry SignInNotCompleted { get; } = new(SignInFailed, Status400BadRequest, "Sign-in not completed",
        "The answer to this sign-in is not valid, has expired or was already used.",
        new(Status400BadRequest, "This sign-in could not be completed", "Open the designer again to sign in."));

    // An identity provider's callback whose state is forged, expired, of another browser, or already used.
    public static ErrorEntry ProviderAnswerRefused { get; } = new(SignInFailed, Status400BadRequest, "Sign-in not completed",
        "The identity provider's answer is not valid for this browser, has expired or was already used.",
        new(Status400BadRequest, "This sign-in could not be completed", "Go back to the application and sign in again."));

    /// <summary>Every entry, for the surfaces' tests.</summary>
    public static IReadOnlyList<ErrorEntry> All { get; } =
    [
        FlowNotFound, Expired, OtherSession, FlowChanged, Ended, ActionNotAllowed, ActionRejected, InvalidBody, StepFailed, Unexpected,
        UnknownEnvironment, UnsupportedStep, UnknownFormPost, FormNotAccepted,
        SignoffHintNotIssued, SignoffForAnotherUser, SignoffFormNotAccepted,
        NoToken, ScopeMissing, ResourceNotFound, Duplicate, ResourceConflict, Stale, Invalid, InvalidDefinition, UnreadableBody, NotJson, WrongMethod,
        SignInNotCompleted, TooManyRequests, ProviderAnswerRefused, InvalidContinueToken, ContinueTokenExpired, ContinueTokenUsed,
    ];

    /// <summary>The entry of an exception, by its type; any other exception is <see cref="Unexpected"/>.</summary>
    public static ErrorEntry For(Exception exception) => exception switch
    {
        FlowNotFoundException => FlowNotFound,
        FlowExpiredException => Expired,
        FlowAccessDeniedException => OtherSession,
        FlowConflictException => FlowChanged,
        FlowNotResumableException => Ended,
        FlowActionNotAllowedException => ActionNotAllowed,
        FlowActionRejectedException => ActionRejected,
        FlowStepFaultedException => StepFailed,
        FlowRateLimitedException => TooManyRequests,
        _ => Unexpected,
    };
}
