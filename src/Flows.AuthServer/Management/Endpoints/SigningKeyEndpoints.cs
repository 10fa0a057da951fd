using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.SigningKeys;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/signingKeys</c>: the environment's signing keys (kid, status, dates; never key material),
/// and <c>POST …/rotate</c>, which makes the next key, published since the last rotation, the one that signs. The
/// rules are <see cref="SigningKeyService"/>'s.
/// </summary>
public static class SigningKeyEndpoints
{
    private const string Keys = ManagementRoutes.Environment + ManagementRoutes.SigningKeys;

    public static IEndpointRouteBuilder MapSigningKeys(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Keys, ListAsync)
            .WithName("ListSigningKeys")
            .WithSummary("The environment's signing keys: the active one, the next one (published, not yet signing), the previous ones "
                + "(published until their retireAfter) and the retired ones (kept until their deleteAfter to redeem refresh tokens).")
            .Produces<ListPage<SigningKeyResource>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(Keys + "/rotate", RotateAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.SigningKeysRotated)
            .WithName("RotateSigningKeys")
            .WithSummary("The next key signs from now on, the active one becomes previous and a new next key is published; "
                + "tokens signed before stay valid until they expire. Answers the keys after the rotation.")
            .Produces<ListPage<SigningKeyResource>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return v1;
    }

    private static async Task<IResult> ListAsync(string env, SigningKeyService keys, CancellationToken cancellationToken)
    {
        var listed = await keys.ListAsync(env, cancellationToken);
        return listed.Value is { } found ? Results.Ok(new ListPage<SigningKeyResource>(found, Next: null)) : ManagementProblems.Of(listed.Error!);
    }

    private static async Task<IResult> RotateAsync(string env, HttpRequest request, SigningKeyService keys, CancellationToken cancellationToken)
    {
        var rotated = await keys.RotateAsync(env, AuditActor.Of(request.HttpContext), cancellationToken);
        return rotated.Value is { } found ? Results.Ok(new ListPage<SigningKeyResource>(found, Next: null)) : ManagementProblems.Of(rotated.Error!);
    }
}
