using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Flows.AuthServer.Management.Conventions;

/// <summary>
/// Documents an endpoint's JSON body in the OpenAPI document without <c>Accepts</c>: that metadata would make
/// routing answer a wrong content type with its own empty 415, where <see cref="ManagementJson"/> answers a problem.
/// </summary>
public static class JsonRequestBody
{
    private const string ContentType = "application/json";

    public static RouteHandlerBuilder DocumentsJsonBody<T>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ContentType] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            };
        });
}
