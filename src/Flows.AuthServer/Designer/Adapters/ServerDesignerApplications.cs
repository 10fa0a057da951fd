using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.Designer.Services;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// An environment's applications and their flow binding (flow, acr → flow pairs, third-party); a binding is the <see cref="ApplicationService"/>'s change,
/// validated, ETag-guarded and audited as <c>/v1</c>'s <c>PATCH</c> is.
/// </summary>
public sealed class ServerDesignerApplications(IServiceScopeFactory scopes, DesignerActor actors) : IDesignerApplications
{
    public async Task<IReadOnlyList<DesignerApplication>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ApplicationService>();
        var applications = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Applications.AsNoTracking()
            .Where(a => a.EnvironmentId == environmentId)
            .OrderBy(a => a.ClientId)
            .ToListAsync(cancellationToken);
        var listed = new List<DesignerApplication>();
        foreach (var a in applications)
        {
            listed.Add(new DesignerApplication(a.ClientId!, a.DisplayName ?? a.ClientId!, a.ClientType ?? "", a.FlowId, a.FlowVersion,
                await service.ETagOfAsync(a, cancellationToken), a.AcrFlows, ApplicationConsent.IsThirdParty(a.ConsentType)));
        }

        return listed;
    }

    public async Task<string?> BindFlowAsync(
        string environmentId, string clientId, string? flowId, int? version, string? etag = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Patch, $"/applications/{Uri.EscapeDataString(clientId)}");
        var bound = await scope.ServiceProvider.GetRequiredService<ApplicationService>()
            .BindFlowAsync(environmentId, clientId, flowId, version, etag, actor, cancellationToken);
        return bound.Error is { } error ? DesignerMessages.Of(error) : null;
    }

    public async Task<string?> ChangeAsync(
        string environmentId, string clientId, DesignerApplicationChange change, string? etag = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Patch, $"/applications/{Uri.EscapeDataString(clientId)}");
        var patch = new ApplicationPatchRequest
        {
            Flow = change.FlowId, FlowVersion = change.FlowVersion, AcrFlows = change.AcrFlows, ThirdParty = change.ThirdParty,
        };
        var changed = await scope.ServiceProvider.GetRequiredService<ApplicationService>()
            .ChangeAsync(environmentId, clientId, patch, etag, actor, cancellationToken);
        return changed.Error is { } error ? DesignerMessages.Of(error) : null;
    }
}
