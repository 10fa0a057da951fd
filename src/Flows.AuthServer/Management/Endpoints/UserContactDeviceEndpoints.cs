using Flows.Activities;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Users;
using Flows.AuthServer.Users.ContactDevices;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/users/{id}/mfaDevices/email</c> and <c>…/sms</c>: the user's e-mail address and phone
/// number as second factors. An administrator sets one (<c>{email, verified}</c> or <c>{phone, verified}</c>), reads it
/// or removes it; sign-in's e-mail and SMS code steps send only to a verified one. The rules are
/// <see cref="ContactDeviceService"/>'s; the devices also show in the list of <c>…/mfaDevices</c>.
/// </summary>
public static class UserContactDeviceEndpoints
{
    private const string Email = User + "/mfaDevices/" + UserMfaDeviceResource.EmailId;
    private const string Sms = User + "/mfaDevices/" + UserMfaDeviceResource.SmsId;

    public static IEndpointRouteBuilder MapUserContactDevices(this IEndpointRouteBuilder v1)
    {
        Map(v1, Email, MessagedCodeFields.EmailType, "Email", "e-mail address");
        Map(v1, Sms, MessagedCodeFields.SmsType, "Sms", "phone number for SMS");
        return v1;
    }

    private static void Map(IEndpointRouteBuilder v1, string path, string type, string name, string what)
    {
        v1.MapGet(path, (string env, string id, ContactDeviceService devices, CancellationToken cancellationToken) =>
                GetAsync(env, id, type, devices, cancellationToken))
            .WithName($"GetUser{name}Device")
            .WithSummary($"Read the user's {what} device; 404 when it has none.")
            .Produces<UserMfaDeviceResource>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPut(path, (string env, string id, HttpRequest request, ContactDeviceService devices, CancellationToken cancellationToken) =>
                SetAsync(env, id, type, request, devices, cancellationToken))
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserContactDeviceSet)
            .WithName($"SetUser{name}Device")
            .WithSummary($"Set the user's {what} and whether it is verified; codes go only to a verified device.")
            .Produces<UserMfaDeviceResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapDelete(path, (string env, string id, HttpContext http, ContactDeviceService devices, CancellationToken cancellationToken) =>
                DeleteAsync(env, id, type, http, devices, cancellationToken))
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserContactDeviceDeleted)
            .WithName($"DeleteUser{name}Device")
            .WithSummary($"Remove the user's {what} device; no more codes are sent to it.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetAsync(string env, string id, string type, ContactDeviceService devices, CancellationToken cancellationToken)
    {
        var listed = await devices.ListAsync(env, id, cancellationToken);
        return listed.FirstOrDefault(d => d.Type == type) is { } device
            ? Results.Ok(device)
            : ManagementProblems.Missing($"The {type} device of user '{id}' in environment '{env}'");
    }

    private static async Task<IResult> SetAsync(
        string env, string id, string type, HttpRequest request, ContactDeviceService devices, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<ContactDeviceRequest>(request);
        if (body.Value is not { } change)
        {
            return body.Problem!;
        }

        var set = await devices.SetAsync(env, id, type, change, AuditActor.Of(request.HttpContext), cancellationToken);
        return set.Value is { } device ? Results.Ok(device) : ManagementProblems.Of(set.Error!);
    }

    private static async Task<IResult> DeleteAsync(
        string env, string id, string type, HttpContext http, ContactDeviceService devices, CancellationToken cancellationToken)
    {
        var removed = await devices.RemoveAsync(env, id, type, AuditActor.Of(http), cancellationToken);
        return removed.Succeeded ? Results.NoContent() : ManagementProblems.Of(removed.Error!);
    }
}
