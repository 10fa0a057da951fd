using Flows.AuthServer.Environments;
using Flows.AuthServer.SignOn;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.TryIt;

/// <summary>Whether the current environment has a try-it application; every try-it page starts by asking.</summary>
public static class TryItAvailability
{
    /// <summary>The problem to show instead of the page, or null when try-it is available.</summary>
    public static async Task<HostedPageProblem?> FindProblemAsync(
        EnvironmentContext environments, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        if (environments.Current is null)
        {
            return TryItProblems.UnknownEnvironment;
        }

        // The application store only sees the current environment's applications.
        return await applications.FindByClientIdAsync(TryItClient.ClientId, cancellationToken) is null
            ? TryItProblems.NoApplication
            : null;
    }
}
