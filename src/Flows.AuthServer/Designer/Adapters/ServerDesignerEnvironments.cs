using Flows.AuthServer.Administration;
using Flows.AuthServer.Provisioning;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>The server's environments for the designer's environment selector, as <see cref="EnvironmentService"/> lists them.</summary>
public sealed class ServerDesignerEnvironments(IServiceScopeFactory scopes) : IDesignerEnvironments
{
    public async Task<IReadOnlyList<DesignerEnvironment>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<EnvironmentService>();
        var environments = new List<DesignerEnvironment>();
        string? after = null;
        do
        {
            var page = (await service.ListAsync(new PageRequest(PageRequest.MaxPageSize, after), cancellationToken)).Value!;
            environments.AddRange(page.Items.Select(e => new DesignerEnvironment(e.Id, e.Name, e.DefaultFlowId)));
            after = page.Next;
        }
        while (after is not null);

        return environments;
    }
}
