namespace Flows.AuthServer.Failures;

/// <summary>
/// One failure the server can answer with: a stable <see cref="Code"/> and HTTP status with a safe title and
/// detail for programs (problem JSON), and the words a hosted page shows people.
/// </summary>
public sealed record ErrorEntry(string Code, int Status, string Title, string Detail, ErrorPage Page)
{
    /// <summary>Whether the failure is the server's own: it is logged and its response carries a trace id.</summary>
    public bool IsServerFault => Status >= StatusCodes.Status500InternalServerError;
}

/// <summary>How a hosted page shows a failure: its status, a title and a text for people, and whether trying again can help.</summary>
public sealed record ErrorPage(int Status, string Title, string Text, bool OfferContinue = false);
