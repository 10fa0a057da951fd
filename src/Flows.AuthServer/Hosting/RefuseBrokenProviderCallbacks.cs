using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Hosting;

/// <summary>
/// An identity provider's callback (<c>/{env}/idp/{id}/callback</c>) is validated by OpenIddict's client inside the
/// authentication middleware, before any endpoint of ours runs. Some forged state values (a JWT where OpenIddict issued
/// a Data Protection token) make that validation throw instead of refusing: a forged callback is the caller's error,
/// so it gets the same 400 page as any refused answer, logged once at warning level.
/// </summary>
public sealed class RefuseBrokenProviderCallbacks(RequestDelegate next, ILogger<RefuseBrokenProviderCallbacks> logger)
{
    private const string CallbackSegment = "callback";
    private const string ProviderSegment = "idp";

    public async Task InvokeAsync(HttpContext http, EnvironmentContext environments)
    {
        if (!IsProviderCallback(http.Request))
        {
            await next(http);
            return;
        }

        try
        {
            await next(http);
        }
        catch (Exception exception) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("{Path} refused: the identity provider's answer could not be validated ({Error})",
                http.Request.Path, exception.GetType().Name);
            http.Response.Clear();
            await ErrorSurfaces.Render(http, ErrorCatalog.ProviderAnswerRefused, Errors.InvalidRequest,
                environmentName: environments.Current?.Name ?? "").ExecuteAsync(http);
        }
    }

    private static bool IsProviderCallback(HttpRequest request) =>
        request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, ProviderSegment, _, CallbackSegment];
}
