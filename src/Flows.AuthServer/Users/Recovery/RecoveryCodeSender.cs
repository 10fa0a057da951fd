using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.Recovery;

/// <summary>
/// Sends the recovery codes of <see cref="RecoveryCodeOutbox"/>, off the request that asked: to the enabled user of the
/// username, at the user's verified e-mail address, through <see cref="IMessagedCodes"/> (which keeps only the code's
/// hash). A username that is no user's, or a user without such an address, gets nothing, and nobody is told.
/// </summary>
public sealed partial class RecoveryCodeSender(
    RecoveryCodeOutbox outbox, IServiceScopeFactory scopes, ILogger<RecoveryCodeSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in outbox.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(request, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // One failed mail must not stop the others; the user may ask for another code.
                LogNotSent(logger, request.EnvironmentId, exception);
            }
        }
    }

    private async Task SendAsync(RecoveryCodeRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var normalized = Usernames.Normalize(request.Username);
        var userId = await db.Users.AsNoTracking()
            .Where(u => u.EnvironmentId == request.EnvironmentId && u.NormalizedUsername == normalized && u.Enabled)
            .Select(u => u.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (userId is null)
        {
            return;
        }

        var codes = scope.ServiceProvider.GetRequiredService<IMessagedCodes>();
        if (await codes.FindDeviceAsync(request.EnvironmentId, userId, ContactChannel.Email, cancellationToken) is not { } device)
        {
            return;
        }

        var sent = await codes.SendAsync(new CodeRequest(request.EnvironmentId, userId, request.FlowInstanceId, request.NodeId, device,
            request.Length, request.Lifetime, Purpose: CodePurpose.PasswordRecovery), cancellationToken);
        if (sent != CodeDelivery.Sent)
        {
            LogNotSent(logger, request.EnvironmentId, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A password recovery code of environment {EnvironmentId} could not be sent.")]
    private static partial void LogNotSent(ILogger logger, string environmentId, Exception? exception);
}
