namespace Flows.AuthServer.SignOn;

/// <summary>
/// A page shown instead of the expected content (a sign-on step, a try-it result): its HTTP status, a title
/// and a message for people, and whether a link to try again can help.
/// </summary>
public sealed record HostedPageProblem(int StatusCode, string Title, string Message, bool OfferContinue = false);
