using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Resources;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Users;
using Microsoft.EntityFrameworkCore;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/users/{id}/mfaDevices</c>: a user's authenticators, at most one TOTP app. An
/// administrator lists it, enrolls one (a new key, shown once as Base32, otpauth URI and QR code) or removes it,
/// e.g. when the phone is lost; sign-in's OTP step then uses the key from the next attempt on.
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
            .Audited("user.mfaDevice.created")
            .WithName("EnrollUserTotpDevice")
            .WithSummary("Enroll a TOTP app with a new key; the answer alone shows the key, its otpauth URI and a QR code (PNG data URI).")
            .Produces<UserTotpEnrollment>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapDelete(Totp, DeleteAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .Audited("user.mfaDevice.deleted")
            .WithName("DeleteUserTotpDevice")
            .WithSummary("Remove the user's TOTP app, e.g. when its phone is lost; another may then be enrolled.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> ListAsync(
        string env, string id, EnvironmentCatalog catalog, ServerDbContext db, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return MissingEnvironment(env);
        }

        return await FindAsync(db, env, id, cancellationToken) is { } user
            ? Results.Ok(new ListPage<UserMfaDeviceResource>(UserMfaDeviceResource.Of(user), Next: null))
            : MissingUser(env, id);
    }

    private static async Task<IResult> GetAsync(
        string env, string id, EnvironmentCatalog catalog, ServerDbContext db, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return MissingEnvironment(env);
        }

        if (await FindAsync(db, env, id, cancellationToken) is not { } user)
        {
            return MissingUser(env, id);
        }

        return UserMfaDeviceResource.Of(user) is [var device] ? Results.Ok(device) : MissingDevice(env, id);
    }

    private static async Task<IResult> EnrollAsync(
        string env,
        string id,
        HttpResponse response,
        EnvironmentCatalog catalog,
        ServerDbContext db,
        TotpSecretProtector protector,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is not { } environment)
        {
            return MissingEnvironment(env);
        }

        if (await FindAsync(db, env, id, cancellationToken) is not { } user)
        {
            return MissingUser(env, id);
        }

        // Conditional on no key being there: of two enrollments at once exactly one wins, and an enrolled
        // device is replaced only by deleting it first, never by accident. A new key starts a new count of
        // time steps.
        var key = TotpKeys.Generate();
        var protectedKey = protector.Protect(key);
        var now = clock.GetUtcNow();
        var enrolled = await db.Users
            .Where(u => u.Id == id && u.EnvironmentId == env && u.ProtectedTotpSecret == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.ProtectedTotpSecret, protectedKey)
                .SetProperty(u => u.TotpEnrolledAt, now)
                .SetProperty(u => u.LastTotpTimeStep, (long?)null)
                .SetProperty(u => u.UpdatedAt, now), cancellationToken);
        if (enrolled != 1)
        {
            return await FindAsync(db, env, id, cancellationToken) is null
                ? MissingUser(env, id)
                : ManagementProblems.InConflict("The user has a TOTP device already; delete it before enrolling another.");
        }

        // Read back the time as stored, so the answer's createdAt is what a later list shows.
        var stored = await FindAsync(db, env, id, cancellationToken);
        var enrollment = UserTotpEnrollment.Of(
            stored?.TotpEnrolledAt ?? now, $"{UserImporter.IssuerPrefix} {environment.Name}", user.Username, key);

        // The key is in this answer only: no cache may keep it (as RFC 6749 §5.1 asks of token answers).
        response.Headers.CacheControl = "no-store";
        return Results.Created(UserMfaDeviceResource.Location(env, id), enrollment);
    }

    private static async Task<IResult> DeleteAsync(
        string env, string id, EnvironmentCatalog catalog, ServerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return MissingEnvironment(env);
        }

        var now = clock.GetUtcNow();
        var removed = await db.Users
            .Where(u => u.Id == id && u.EnvironmentId == env && u.ProtectedTotpSecret != null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.ProtectedTotpSecret, (string?)null)
                .SetProperty(u => u.TotpEnrolledAt, (DateTimeOffset?)null)
                .SetProperty(u => u.UpdatedAt, now), cancellationToken);
        if (removed == 1)
        {
            return Results.NoContent();
        }

        return await FindAsync(db, env, id, cancellationToken) is null
            ? MissingUser(env, id)
            : MissingDevice(env, id);
    }

    private static IResult MissingDevice(string env, string id) =>
        ManagementProblems.Missing($"The TOTP device of user '{id}' in environment '{env}'");
}
