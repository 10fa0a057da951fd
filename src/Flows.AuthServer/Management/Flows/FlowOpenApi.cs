using Microsoft.OpenApi;

namespace Flows.AuthServer.Management.Flows;

/// <summary>
/// Describes a JSON request body in the OpenAPI document only. <c>Accepts&lt;T&gt;</c> would also make routing
/// answer a wrong content type with its own empty 415, before the endpoint can answer with the problem catalog's.
/// </summary>
public static class FlowOpenApi
{
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder endpoint, bool required = true) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), parameterDescription: null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
