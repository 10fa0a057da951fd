using Flows.AuthServer.Management.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Flows.AuthServer.Management.Conventions;

/// <summary>
/// The management API's OpenAPI document (<c>/v1/openapi.json</c>, generated from the endpoints) and a
/// browsable reference of it (<c>/v1/reference</c>, Scalar). Both are public: they describe, they grant nothing.
/// </summary>
public static class ManagementOpenApi
{
    public const string DocumentName = "v1";
    public const string DocumentPath = ManagementRoutes.Root + "/openapi.json";
    public const string ReferencePath = ManagementRoutes.Root + "/reference";

    public static IServiceCollection AddManagementOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith(ManagementRoutes.Root[1..], StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Flows management API",
                    Version = DocumentName,
                    Description = "Environments, applications, users, flows and flow instances. Every call needs a bearer "
                        + "access token of the admin environment (POST /admin/as/token, client credentials): flows.read to read, "
                        + "flows.write to change. Errors are RFC 9457 problem details with a code; writes take If-Match.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ManagementBearerHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token of the admin environment.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ManagementBearerHandler.SchemeName, document)] = [],
                });
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapManagementOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath);
        endpoints.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Flows management API")
            .WithOpenApiRoutePattern(DocumentPath));
        return endpoints;
    }
}
