using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Users.RememberedDevices;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/users/{id}/rememberedDevices</c>: forgets every browser remembered for the user, so each
/// asks for the second factor again. The rules are <see cref="UserRememberedDeviceService"/>'s.
/// </summary>
public static class UserRememberedDeviceEndpoints
{
    private const string RememberedDevices = User + "/rememberedDevices";

    public static IEndpointRouteBuilder MapUserRememberedDevices(this IEndpointRouteBuilder v1)
    {
        v1.MapDelete(RememberedDevices, ForgetAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserRememberedDevicesDeleted)
            .WithName("DeleteUserRememberedDevices")
            .WithSummary("Forget every browser remembered for the user; each asks for the second factor again.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> ForgetAsync(
        string env, string id, HttpContext http, UserRememberedDeviceService rememberedDevices, CancellationToken cancellationToken)
    {
        var forgotten = await rememberedDevices.ForgetAllAsync(env, id, AuditActor.Of(http), cancellationToken);
        return forgotten.Succeeded ? Results.NoContent() : ManagementProblems.Of(forgotten.Error!);
    }
}
