using Flows.AuthServer.Flows;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// Every problem page of the hosted sign-on UI, one per engine error, in words for people: the pages'
/// counterpart of <see cref="FlowApiProblems"/>. No exception text or internal id reaches a page.
/// </summary>
public static class SignOnProblems
{
    private const string StartAgain = "Go back to the application and start again.";

    public static HostedPageProblem UnknownEnvironment { get; } = new(StatusCodes.Status404NotFound,
        "This page does not exist", "Check the address, or go back to the application and sign in from there.");

    public static HostedPageProblem NotFound { get; } = new(StatusCodes.Status404NotFound,
        "We can't find this sign-in", $"The link is incomplete or no longer valid. {StartAgain}");

    public static HostedPageProblem Expired { get; } = new(StatusCodes.Status404NotFound,
        "This sign-in has expired", "This sign-in has expired — go back to the application and start again.");

    public static HostedPageProblem OtherSession { get; } = new(StatusCodes.Status403Forbidden,
        "This sign-in belongs to another browser",
        $"It was started in a different browser or session. {StartAgain} If this keeps happening, allow cookies for this site.");

    public static HostedPageProblem Conflict { get; } = new(StatusCodes.Status409Conflict,
        "This sign-in changed in another window",
        "Another window or tab moved this sign-in on at the same moment. Continue to see where it stands.", OfferContinue: true);

    public static HostedPageProblem StepChanged { get; } = new(StatusCodes.Status409Conflict,
        "This step is no longer current",
        "This sign-in has moved on to another step, perhaps in another tab. Continue to see the current step.", OfferContinue: true);

    public static HostedPageProblem Finished { get; } = new(StatusCodes.Status409Conflict,
        "This sign-in has already finished", "Continue to see how it ended.", OfferContinue: true);

    public static HostedPageProblem StepFailed { get; } = new(StatusCodes.Status500InternalServerError,
        "Something went wrong on our side",
        "This step could not be completed. Your sign-in is unchanged; please try again.", OfferContinue: true);

    public static HostedPageProblem UnsupportedStep { get; } = new(StatusCodes.Status501NotImplemented,
        "This step can't be shown here",
        "This sign-in asks for a step that these pages cannot show. Contact your administrator.");

    public static HostedPageProblem UnknownForm { get; } = new(StatusCodes.Status400BadRequest,
        "This form could not be sent", "Continue to try again.", OfferContinue: true);

    /// <summary>A POST whose antiforgery token is missing or does not match its cookie; nothing was done.</summary>
    public static HostedPageProblem FormExpired { get; } = new(StatusCodes.Status400BadRequest,
        "This form can no longer be sent",
        "For your security it was not accepted, and nothing was changed. Go back, reload the page and try again.");

    /// <summary>The page for an error the flow service raised.</summary>
    public static HostedPageProblem For(FlowException exception) => exception switch
    {
        FlowNotFoundException => NotFound,
        FlowExpiredException => Expired,
        FlowAccessDeniedException => OtherSession,
        FlowConflictException => Conflict,
        FlowActionNotAllowedException => StepChanged,
        FlowNotResumableException => Finished,
        _ => StepFailed,
    };
}
