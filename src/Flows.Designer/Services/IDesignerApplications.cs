namespace Flows.Designer.Services;

/// <summary>An environment's applications and the flow each one runs.</summary>
public interface IDesignerApplications
{
    Task<IReadOnlyList<DesignerApplication>> ListAsync(string environmentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Binds the application to a flow; a null version runs the flow's default version (the latest published unless rolled back), a null flow the environment's default.
    /// <paramref name="etag"/> is the <see cref="DesignerApplication.ETag"/> of what was shown: a binding changed meanwhile is refused.
    /// Returns null when bound, else why not, to show.
    /// </summary>
    Task<string?> BindFlowAsync(
        string environmentId, string clientId, string? flowId, int? version, string? etag = null, CancellationToken cancellationToken = default);
}

/// <summary>An application (client) and its flow binding; <see cref="ETag"/> identifies this state of it.</summary>
public sealed record DesignerApplication(string ClientId, string Name, string ClientType, string? FlowId, int? FlowVersion, string? ETag = null);
