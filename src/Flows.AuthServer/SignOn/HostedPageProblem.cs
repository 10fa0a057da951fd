using Flows.AuthServer.Failures;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// A page shown instead of the expected content (a sign-on step, a try-it result): its HTTP status, a title
/// and a message for people, whether a link to try again can help, and the trace id of a server fault.
/// </summary>
public sealed record HostedPageProblem(int StatusCode, string Title, string Message, bool OfferContinue = false, string? TraceId = null)
{
    /// <summary>The words of a catalog entry for people.</summary>
    public static HostedPageProblem Of(ErrorEntry entry, string? traceId = null) =>
        new(entry.Page.Status, entry.Page.Title, entry.Page.Text, entry.Page.OfferContinue, traceId);
}
