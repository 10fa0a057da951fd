namespace Flows.AuthServer.Management.Conventions;

/// <summary>
/// Gives the answers routing leaves empty under <c>/v1</c> — an unknown path (404), a method the path does
/// not take (405) — the API's problem body, so a script always gets a code and a sentence.
/// </summary>
public static class ManagementStatusCodes
{
    public static IApplicationBuilder UseManagementStatusCodes(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!http.Request.Path.StartsWithSegments(ManagementRoutes.Root))
            {
                return;
            }

            var problem = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ManagementProblems.NoSuchPath(),
                StatusCodes.Status405MethodNotAllowed => ManagementProblems.MethodNotAllowed(http.Request.Method),
                _ => null,
            };
            if (problem is not null)
            {
                await problem.ExecuteAsync(http);
            }
        });
}
