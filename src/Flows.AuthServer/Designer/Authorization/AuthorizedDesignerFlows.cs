using Flows.AuthServer.Designer.Adapters;
using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.AuthServer.Designer.Authorization;

/// <summary>
/// The designer's flows as the circuit's administrator may use them: every call needs
/// <see cref="DesignerPolicies.Read"/>, every change <see cref="DesignerPolicies.Write"/> too; a refused change
/// answers <see cref="DesignerFlowError.Forbidden"/> and changes nothing. Whatever the page shows.
/// </summary>
public sealed class AuthorizedDesignerFlows(ServerDesignerFlows flows, DesignerAccess access) : IDesignerFlows
{
    private static readonly DesignerFlowResult Forbidden = DesignerFlowResult.Failed(DesignerFlowError.Forbidden, DesignerAccessDeniedException.ReadOnlyMessage);

    public async Task<IReadOnlyList<DesignerFlowSummary>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await flows.ListAsync(environmentId, cancellationToken);
    }

    public async Task<DesignerFlowDraft?> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await flows.GetDraftAsync(environmentId, flowId, cancellationToken);
    }

    public async Task<FlowDefinition?> GetVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await flows.GetVersionAsync(environmentId, flowId, version, cancellationToken);
    }

    public async Task<IReadOnlyList<DesignerFlowVersion>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await flows.ListVersionsAsync(environmentId, flowId, cancellationToken);
    }

    /// <summary>Validating changes nothing and needs nothing stored: the editor runs it on every edit.</summary>
    public IReadOnlyList<FlowValidationProblem> Validate(FlowDefinition definition) => flows.Validate(definition);

    public Task<DesignerFlowResult> CreateAsync(string environmentId, string flowId, string name, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.CreateAsync(environmentId, flowId, name, cancellationToken));

    public Task<DesignerFlowResult> ImportAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.ImportAsync(environmentId, definition, cancellationToken));

    public Task<DesignerFlowResult> CloneAsync(string environmentId, string flowId, string newId, string? newName, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.CloneAsync(environmentId, flowId, newId, newName, cancellationToken));

    public Task<DesignerFlowResult> DeleteAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.DeleteAsync(environmentId, flowId, expectedETag, cancellationToken));

    public Task<DesignerFlowResult> DeleteDraftAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.DeleteDraftAsync(environmentId, flowId, expectedETag, cancellationToken));

    public Task<DesignerFlowResult> SaveDraftAsync(string environmentId, FlowDefinition draft, string? expectedETag, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.SaveDraftAsync(environmentId, draft, expectedETag, cancellationToken));

    public Task<DesignerFlowResult> PublishAsync(
        string environmentId, string flowId, string? note, string? expectedETag, int? rolloutPercent = null, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.PublishAsync(environmentId, flowId, note, expectedETag, rolloutPercent, cancellationToken));

    public Task<DesignerFlowResult> StartRolloutAsync(
        string environmentId, string flowId, int version, int percent, string? expectedETag = null, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.StartRolloutAsync(environmentId, flowId, version, percent, expectedETag, cancellationToken));

    public Task<DesignerFlowResult> StopRolloutAsync(string environmentId, string flowId, string? expectedETag = null, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.StopRolloutAsync(environmentId, flowId, expectedETag, cancellationToken));

    public Task<DesignerFlowResult> PromoteRolloutAsync(string environmentId, string flowId, string? expectedETag = null, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.PromoteRolloutAsync(environmentId, flowId, expectedETag, cancellationToken));

    public Task<DesignerFlowResult> RollbackAsync(
        string environmentId, string flowId, int version, string? expectedETag = null, CancellationToken cancellationToken = default) =>
        WriteAsync(() => flows.RollbackAsync(environmentId, flowId, version, expectedETag, cancellationToken));

    private async Task<DesignerFlowResult> WriteAsync(Func<Task<DesignerFlowResult>> change) =>
        await access.AllowsAsync(DesignerPolicies.Write) ? await change() : Forbidden;
}
