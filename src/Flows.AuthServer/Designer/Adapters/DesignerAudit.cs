using System.Security.Claims;
using Flows.AuthServer.Data;
using Microsoft.AspNetCore.Components.Authorization;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// Logs the designer's changes in the audit log as <c>/v1</c> logs its own (see <c>AuditFilter</c>): the signed-in
/// administrator's subject, the action's name, the environment and a designer path. One per circuit (scoped):
/// the circuit knows who is signed in.
/// </summary>
public sealed class DesignerAudit(IServiceScopeFactory scopes, AuthenticationStateProvider authentication, TimeProvider clock)
{
    public async Task RecordAsync(string environmentId, string action, string method, string path, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        db.AuditEntries.Add(new AuditEntryRecord
        {
            At = clock.GetUtcNow(),
            Actor = await ActorAsync(),
            EnvironmentId = environmentId,
            Action = action,
            Method = method,
            Path = path.Length <= 512 ? path : path[..512],
            Status = StatusCodes.Status200OK,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<string> ActorAsync()
    {
        try
        {
            var state = await authentication.GetAuthenticationStateAsync();
            return state.User.FindFirstValue(Claims.Subject) ?? "unknown";
        }
        catch (InvalidOperationException)
        {
            // No authentication state outside a circuit (a test host's own scope, say): the change is still logged.
            return "unknown";
        }
    }
}
