namespace Flows.AuthServer.SignOn;

/// <summary>A hosted page that can show a <see cref="HostedPageProblem"/> with the shared <c>_Problem</c> partial.</summary>
public interface IProblemPage
{
    /// <summary>The shared partial, by path, so pages of every folder find it.</summary>
    public const string Partial = "/SignOn/_Problem.cshtml";

    HostedPageProblem? Problem { get; }

    /// <summary>Where the link of a problem that offers one leads: back to where the user can try again.</summary>
    string ContinueUrl { get; }

    string ContinueLabel { get; }
}
