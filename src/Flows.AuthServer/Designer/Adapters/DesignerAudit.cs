using System.Security.Claims;
using Flows.AuthServer.Audit;
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
    /// <summary>
    /// Logs a change already saved elsewhere (the engine's tables, a management service). Not cancellable: a
    /// circuit closed after the change must not lose its entry.
    /// </summary>
    public async Task RecordAsync(string environmentId, string action, string method, string path)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        await AddAsync(db, environmentId, action, method, path);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Adds the entry to <paramref name="db"/> unsaved, so the caller saves it with its change in one transaction.</summary>
    public async Task AddAsync(ServerDbContext db, string environmentId, string action, string method, string path) =>
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

    /// <summary>The signed-in administrator making a change through <paramref name="method"/> on the designer <paramref name="path"/>.</summary>
    public async Task<AuditActor> ActorAsync(string method, string path) => new(await ActorAsync(), method, path);

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
