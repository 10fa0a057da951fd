using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Users;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/users/{id}/mfaDevices</c>: a user's authenticators, at most one TOTP app. An
/// administrator lists it, enrolls one (a new key, shown once as Base32, otpauth URI and QR code) or removes it,
/// e.g. when the phone is lost; sign-in's OTP step then uses the key from the next attempt on. The rules are
/// <see cref="UserMfaDeviceService"/>'s.
/// </summary>
public static class UserMfaEndpoints
{
    private const string Devices = User + "/mfaDevices";
    private const string Totp = Devices + "/" + UserMfaDeviceResource.TotpId;

    public static IEndpointRouteBuilder MapUserMfaDevices(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Devices, ListAsync)
            .WithName("ListUserMfaDevices")
            .WithSummary("List the user's MFA devices: none, or its TOTP app (never its key).")
            .Produces<ListPage<UserMfaDeviceResource>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(Totp, GetAsync)
            .WithName("GetUserTotpDevice")
            .WithSummary("Read the user's TOTP app (never its key); 404 when none is enrolled.")
            .Produces<UserMfaDeviceResource>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(Totp, EnrollAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserMfaDeviceCreated)
            .WithName("EnrollUserTotpDevice")
            .WithSummary("Enroll a TOTP app with a new key; the answer alone shows the key, its otpauth URI and a QR code (PNG data URI).")
            .Produces<UserTotpEnrollment>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapDelete(Totp, DeleteAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserMfaDeviceDeleted)
            .WithName("DeleteUserTotpDevice")
            .WithSummary("Remove the user's TOTP app, e.g. when its phone is lost; another may then be enrolled.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> ListAsync(string env, string id, UserMfaDeviceService devices, CancellationToken cancellationToken)
    {
        var listed = await devices.ListAsync(env, id, cancellationToken);
        return listed.Value is { } found ? Results.Ok(new ListPage<UserMfaDeviceResource>(found, Next: null)) : ManagementProblems.Of(listed.Error!);
    }

    private static async Task<IResult> GetAsync(string env, string id, UserMfaDeviceService devices, CancellationToken cancellationToken)
    {
        var listed = await devices.ListAsync(env, id, cancellationToken);
        return listed.Value switch
        {
            null => ManagementProblems.Of(listed.Error!),
            var found when found.FirstOrDefault(d => d.Id == UserMfaDeviceResource.TotpId) is { } device => Results.Ok(device),
            _ => ManagementProblems.Missing($"The TOTP device of user '{id}' in environment '{env}'"),
        };
    }

    private static async Task<IResult> EnrollAsync(string env, string id, HttpContext http, UserMfaDeviceService devices, CancellationToken cancellationToken)
    {
        var enrolled = await devices.EnrollTotpAsync(env, id, AuditActor.Of(http), cancellationToken);
        if (enrolled.Value is not { } enrollment)
        {
            return ManagementProblems.Of(enrolled.Error!);
        }

        // The key is in this answer only: no cache may keep it (as RFC 6749 §5.1 asks of token answers).
        http.Response.Headers.CacheControl = "no-store";
        return Results.Created($"{ManagementRoutes.UserPath(env, id)}/mfaDevices/{UserMfaDeviceResource.TotpId}", enrollment);
    }

    private static async Task<IResult> DeleteAsync(string env, string id, HttpContext http, UserMfaDeviceService devices, CancellationToken cancellationToken)
    {
        var removed = await devices.RemoveTotpAsync(env, id, AuditActor.Of(http), cancellationToken);
        return removed.Succeeded ? Results.NoContent() : ManagementProblems.Of(removed.Error!);
    }
}
