namespace Flows.Designer.Services;

/// <summary>The environments an administrator can switch between.</summary>
public interface IDesignerEnvironments
{
    Task<IReadOnlyList<DesignerEnvironment>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>An environment (tenant) and the flow its applications run unless bound to another.</summary>
public sealed record DesignerEnvironment(string Id, string Name, string DefaultFlowId);
