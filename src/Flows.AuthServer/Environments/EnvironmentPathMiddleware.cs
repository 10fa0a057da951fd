namespace Flows.AuthServer.Environments;

/// <summary>
/// Resolves the environment named by the first path segment, once per request, into the request's
/// <see cref="EnvironmentContext"/>. Under <c>/{env}/as</c> that prefix becomes the PathBase, so OpenIddict infers
/// the issuer <c>{base}/{env}/as</c> and matches its relative endpoint URIs.
/// </summary>
public sealed class EnvironmentPathMiddleware(RequestDelegate next, EnvironmentCatalog environments)
{
    public const string AuthorizationServerSegment = "as";

    // The request's scoped context comes as a parameter: conventional middleware is created once, not per request.
    public async Task InvokeAsync(HttpContext context, EnvironmentContext current)
    {
        var path = context.Request.Path.Value ?? "";
        var segments = path.Split('/', 4, StringSplitOptions.None);
        if (segments.Length < 2 || segments[1].Length == 0
            || await environments.FindAsync(segments[1], context.RequestAborted) is not { } environment)
        {
            await next(context);
            return;
        }

        current.Enter(environment);
        if (segments.Length >= 3 && segments[2] == AuthorizationServerSegment)
        {
            var prefix = $"/{segments[1]}/{AuthorizationServerSegment}";
            context.Request.PathBase = context.Request.PathBase.Add(prefix);
            context.Request.Path = path.Length > prefix.Length ? path[prefix.Length..] : "/";
        }

        await next(context);
    }
}
