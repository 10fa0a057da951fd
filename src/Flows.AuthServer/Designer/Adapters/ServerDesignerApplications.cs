using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.Designer;
using Flows.Designer.Services;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>An environment's applications and their flow binding, from the server's tables; a binding is audited with the change.</summary>
public sealed class ServerDesignerApplications(IServiceScopeFactory scopes, ApplicationCache cache, DesignerAudit audit) : IDesignerApplications
{
    /// <summary>As <c>/v1</c> logs a change of an application, flow binding included.</summary>
    private const string ApplicationUpdated = "application.updated";

    public async Task<IReadOnlyList<DesignerApplication>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Applications.AsNoTracking()
            .Where(a => a.EnvironmentId == environmentId)
            .OrderBy(a => a.ClientId)
            .Select(a => new { a.ClientId, a.DisplayName, a.ClientType, a.FlowId, a.FlowVersion })
            .ToListAsync(cancellationToken);
        return applications
            .Select(a => new DesignerApplication(a.ClientId!, a.DisplayName ?? a.ClientId!, a.ClientType ?? "", a.FlowId, a.FlowVersion))
            .ToList();
    }

    public async Task BindFlowAsync(string environmentId, string clientId, string? flowId, int? version, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var application = await db.Applications.FirstOrDefaultAsync(a => a.EnvironmentId == environmentId && a.ClientId == clientId, cancellationToken)
            ?? throw new InvalidOperationException($"The environment '{environmentId}' has no application '{clientId}'.");
        application.FlowId = flowId;
        application.FlowVersion = flowId is null ? null : version;
        await audit.AddAsync(db, environmentId, ApplicationUpdated, HttpMethods.Patch,
            $"{FlowsDesigner.BasePath}/applications/{Uri.EscapeDataString(clientId)}");

        // One SaveChanges, one transaction: the binding and its audit entry are stored together or not at all,
        // and a circuit closing once the commit has begun does not cut it short.
        await db.SaveChangesAsync(CancellationToken.None);

        // The next sign-in of this client must see the new binding, not a cached copy.
        cache.Forget(environmentId, clientId);
    }
}
