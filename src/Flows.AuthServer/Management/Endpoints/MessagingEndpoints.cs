using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Messaging;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/email</c> and <c>…/sms</c>: the SMTP server the environment sends e-mail through, and the
/// gateway it sends text messages through. The SMTP password and the gateway secret are write-only: never in an answer.
/// The rules are <see cref="MessagingService"/>'s.
/// </summary>
public static class MessagingEndpoints
{
    private const string Email = ManagementRoutes.Environment + "/email";
    private const string Sms = ManagementRoutes.Environment + "/sms";

    public static IEndpointRouteBuilder MapMessaging(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Email, GetEmailAsync)
            .WithName("GetEmailSettings")
            .WithSummary("The environment's SMTP server and sender, and whether a password is stored (never the password).")
            .Produces<EmailSettingsResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPut(Email, PutEmailAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.EmailSettingsUpdated)
            .WithName("SetEmailSettings")
            .WithSummary("Replaces the SMTP settings; without a password the stored one is kept, an empty one removes it.")
            .Produces<EmailSettingsResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapGet(Sms, GetSmsAsync)
            .WithName("GetSmsSettings")
            .WithSummary("The environment's SMS gateway URL, and whether a secret is stored (never the secret).")
            .Produces<SmsSettingsResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPut(Sms, PutSmsAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.SmsSettingsUpdated)
            .WithName("SetSmsSettings")
            .WithSummary("Replaces the SMS gateway; without a secret the stored one is kept. Its host must be in the outbound allow-list.")
            .Produces<SmsSettingsResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return v1;
    }

    private static async Task<IResult> GetEmailAsync(string env, MessagingService messaging, CancellationToken cancellationToken)
    {
        var found = await messaging.GetEmailAsync(env, cancellationToken);
        return found.Value is { } settings ? Results.Ok(settings) : ManagementProblems.Of(found.Error!);
    }

    private static async Task<IResult> PutEmailAsync(string env, HttpRequest request, MessagingService messaging, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<EmailSettingsResource>(request);
        if (body.Value is not { } change)
        {
            return body.Problem!;
        }

        var changed = await messaging.ChangeEmailAsync(env, change, AuditActor.Of(request.HttpContext), cancellationToken);
        return changed.Value is { } settings ? Results.Ok(settings) : ManagementProblems.Of(changed.Error!);
    }

    private static async Task<IResult> GetSmsAsync(string env, MessagingService messaging, CancellationToken cancellationToken)
    {
        var found = await messaging.GetSmsAsync(env, cancellationToken);
        return found.Value is { } settings ? Results.Ok(settings) : ManagementProblems.Of(found.Error!);
    }

    private static async Task<IResult> PutSmsAsync(string env, HttpRequest request, MessagingService messaging, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<SmsSettingsResource>(request);
        if (body.Value is not { } change)
        {
            return body.Problem!;
        }

        var changed = await messaging.ChangeSmsAsync(env, change, AuditActor.Of(request.HttpContext), cancellationToken);
        return changed.Value is { } settings ? Results.Ok(settings) : ManagementProblems.Of(changed.Error!);
    }
}
