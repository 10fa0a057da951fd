using Flows.AuthServer.Failures;
using Flows.AuthServer.RateLimiting;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// The problem pages of the hosted sign-on UI, rendered from <see cref="ErrorCatalog"/>: the words for people
/// of the same entries the JSON flow API answers with. No exception text or internal id reaches a page.
/// </summary>
public static class SignOnProblems
{
    public static HostedPageProblem UnknownEnvironment { get; } = HostedPageProblem.Of(ErrorCatalog.UnknownEnvironment);

    public static HostedPageProblem NotFound { get; } = HostedPageProblem.Of(ErrorCatalog.FlowNotFound);

    public static HostedPageProblem Expired { get; } = HostedPageProblem.Of(ErrorCatalog.Expired);

    public static HostedPageProblem OtherSession { get; } = HostedPageProblem.Of(ErrorCatalog.OtherSession);

    public static HostedPageProblem Conflict { get; } = HostedPageProblem.Of(ErrorCatalog.FlowChanged);

    public static HostedPageProblem StepChanged { get; } = HostedPageProblem.Of(ErrorCatalog.ActionNotAllowed);

    public static HostedPageProblem Finished { get; } = HostedPageProblem.Of(ErrorCatalog.Ended);

    public static HostedPageProblem StepFailed { get; } = HostedPageProblem.Of(ErrorCatalog.StepFailed);

    public static HostedPageProblem UnsupportedStep { get; } = HostedPageProblem.Of(ErrorCatalog.UnsupportedStep);

    public static HostedPageProblem UnknownForm { get; } = HostedPageProblem.Of(ErrorCatalog.UnknownFormPost);

    /// <summary>A POST whose antiforgery token is missing or does not match its cookie; nothing was done.</summary>
    public static HostedPageProblem FormExpired { get; } = HostedPageProblem.Of(ErrorCatalog.FormNotAccepted);

    /// <summary>
    /// The page for an exception the flow service raised; a fault of the server's own is logged once and the page
    /// shows its trace id.
    /// </summary>
    public static HostedPageProblem For(Exception exception, HttpContext http)
    {
        if (exception is FlowRateLimitedException limited)
        {
            http.Response.Headers.RetryAfter = RateLimitPartitions.RetryAfterSeconds(limited.RetryAfter);
        }

        var entry = ErrorCatalog.For(exception);
        return HostedPageProblem.Of(entry, entry.IsServerFault ? ErrorTrace.Report(http, exception) : null);
    }
}
