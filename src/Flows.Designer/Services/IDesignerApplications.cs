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

    /// <summary>
    /// Binds the application as <paramref name="change"/> says in one change: its flow and version, the flow each acr value
    /// runs, and whether it is third-party. Returns null when changed, else why not, to show.
    /// </summary>
    Task<string?> ChangeAsync(
        string environmentId, string clientId, DesignerApplicationChange change, string? etag = null, CancellationToken cancellationToken = default);
}

/// <summary>An application's binding as the designer edits it: flow, version, acr → flow pairs and whether it is third-party.</summary>
public sealed record DesignerApplicationChange(string? FlowId, int? FlowVersion, IReadOnlyDictionary<string, string> AcrFlows, bool ThirdParty);

/// <summary>
/// An application (client) and its flow binding, the flow each requested acr value runs, and whether its users consent
/// (third-party); <see cref="ETag"/> identifies this state of it.
/// </summary>
public sealed record DesignerApplication(
    string ClientId, string Name, string ClientType, string? FlowId, int? FlowVersion, string? ETag = null,
    IReadOnlyDictionary<string, string>? AcrFlows = null, bool ThirdParty = false)
{
    // Two reads of one state are equal: the acr pairs are compared by content, not by dictionary instance.
    public bool Equals(DesignerApplication? other) =>
        other is not null && (ClientId, Name, ClientType, FlowId, FlowVersion, ETag, ThirdParty)
            == (other.ClientId, other.Name, other.ClientType, other.FlowId, other.FlowVersion, other.ETag, other.ThirdParty)
        && Pairs(AcrFlows).SequenceEqual(Pairs(other.AcrFlows));

    public override int GetHashCode() => HashCode.Combine(ClientId, FlowId, FlowVersion, ETag, ThirdParty);

    private static IEnumerable<KeyValuePair<string, string>> Pairs(IReadOnlyDictionary<string, string>? pairs) =>
        (pairs ?? new Dictionary<string, string>()).OrderBy(pair => pair.Key, StringComparer.Ordinal);
}
