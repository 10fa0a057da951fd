using System.Security.Claims;
using Flows.AuthServer.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Management.Audit;

/// <summary>
/// Logs every change made through <c>/v1</c> that succeeded: who (the token's subject), what (the endpoint's
/// <see cref="AuditAction"/>, or its method and route), where (environment and path) and when. Reads and
/// refused requests change nothing and are not logged; nor are changes whose service logs them (<see cref="AuditedByService"/>).
/// </summary>
/// <remarks>Endpoint filters are created once; the request's own services give the database context.</remarks>
public sealed class AuditFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || http.GetEndpoint()?.Metadata.GetMetadata<NotAudited>() is not null
            || http.GetEndpoint()?.Metadata.GetMetadata<AuditedByService>() is not null)
        {
            return result;
        }

        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        if (status >= StatusCodes.Status400BadRequest)
        {
            return result;
        }

        var db = http.RequestServices.GetRequiredService<ServerDbContext>();
        db.AuditEntries.Add(new AuditEntryRecord
        {
            At = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            Actor = http.User.FindFirstValue(Claims.Subject) ?? "unknown",
            EnvironmentId = http.Request.RouteValues.TryGetValue("env", out var env) ? env as string : null,
            Action = ActionOf(http),
            Method = http.Request.Method,
            Path = Truncate(http.Request.Path.Value ?? "", 512),
            Status = status,
        });
        await db.SaveChangesAsync(http.RequestAborted);
        return result;
    }

    private static string ActionOf(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<AuditAction>()?.Name
            ?? Truncate($"{http.Request.Method} {(endpoint as RouteEndpoint)?.RoutePattern.RawText}", 64);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
