using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Outbound;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/outbound</c>: what the environment's flows may reach (allowed hosts, the private addresses
/// they may resolve to), and <c>POST …/secret</c>, which generates the shared secret that signs outbound requests and
/// continue tokens, shown in that answer only. The rules are <see cref="OutboundService"/>'s.
/// </summary>
public static class OutboundEndpoints
{
    private const string Outbound = ManagementRoutes.Environment + "/outbound";

    public static IEndpointRouteBuilder MapOutbound(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Outbound, GetAsync)
            .WithName("GetOutbound")
            .WithSummary("The hosts the environment's flows may call, the private addresses those may resolve to, and whether a secret exists (never the secret).")
            .Produces<OutboundResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPut(Outbound, PutAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.OutboundUpdated)
            .WithName("SetOutbound")
            .WithSummary("Replaces the allowed hosts (exact names, or *.example.com) and allowed private addresses (IPs or CIDR networks).")
            .Produces<OutboundResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapPost(Outbound + "/secret", RotateAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.OutboundSecretRotated)
            .WithName("RotateOutboundSecret")
            .WithSummary("Generates the environment's outbound secret, shown once; the previous one stops signing and verifying at once.")
            .Produces<OutboundSecretResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> GetAsync(string env, OutboundService outbound, CancellationToken cancellationToken)
    {
        var found = await outbound.GetAsync(env, cancellationToken);
        return found.Value is { } settings ? Results.Ok(settings) : ManagementProblems.Of(found.Error!);
    }

    private static async Task<IResult> PutAsync(string env, HttpRequest request, OutboundService outbound, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<OutboundResource>(request);
        if (body.Value is not { } change)
        {
            return body.Problem!;
        }

        var changed = await outbound.ChangeAsync(env, change, AuditActor.Of(request.HttpContext), cancellationToken);
        return changed.Value is { } settings ? Results.Ok(settings) : ManagementProblems.Of(changed.Error!);
    }

    private static async Task<IResult> RotateAsync(string env, HttpRequest request, OutboundService outbound, CancellationToken cancellationToken)
    {
        var rotated = await outbound.RotateSecretAsync(env, AuditActor.Of(request.HttpContext), cancellationToken);
        if (rotated.Value is not { } secret)
        {
            return ManagementProblems.Of(rotated.Error!);
        }

        // Never cached: the secret is in this answer and nowhere else.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Ok(secret);
    }
}
