using Flows.AuthServer.SignOn;

namespace Flows.AuthServer.TryIt;

/// <summary>Every problem page of the try-it client, in words for the person trying it.</summary>
public static class TryItProblems
{
    public static HostedPageProblem UnknownEnvironment { get; } = new(StatusCodes.Status404NotFound,
        "This page does not exist", "There is no environment at this address.");

    public static HostedPageProblem NoApplication { get; } = new(StatusCodes.Status404NotFound,
        "Try-it is not set up here",
        $"This environment has no '{TryItClient.ClientId}' application, so there is nothing to sign in to from this page.");

    public static HostedPageProblem NoPendingSignIn { get; } = new(StatusCodes.Status400BadRequest,
        "This sign-in can't be checked",
        "The answer came more than 10 minutes after the sign-in started, in another browser, or a second time. Start again.",
        OfferContinue: true);

    public static HostedPageProblem StateMismatch { get; } = new(StatusCodes.Status400BadRequest,
        "This answer is not for this sign-in",
        "The state in the answer is not the one this page sent, so the answer was ignored. Start again.", OfferContinue: true);

    public static HostedPageProblem MissingCode { get; } = new(StatusCodes.Status400BadRequest,
        "The answer has no authorization code", "The server sent neither a code nor an error. Start again.", OfferContinue: true);

    /// <summary>The authorization server answered with an error (RFC 6749 §4.1.2.1).</summary>
    public static HostedPageProblem Refused(string error, string? description) => new(StatusCodes.Status400BadRequest,
        "The server did not sign you in",
        string.IsNullOrWhiteSpace(description) ? $"It answered with the error '{error}'." : $"It answered with the error '{error}': {description}",
        OfferContinue: true);

    /// <summary>Exchanging the code, checking the ID token or calling userinfo failed.</summary>
    public static HostedPageProblem Failed(TryItException failure) => new(StatusCodes.Status502BadGateway,
        "The sign-in could not be completed", failure.Message, OfferContinue: true);
}
