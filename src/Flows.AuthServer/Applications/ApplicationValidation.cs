using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;

namespace Flows.AuthServer.Applications;

/// <summary>
/// The checks an application passes before it is stored, however it is changed: the importer's rules, and one
/// rule for the flow it names — a flow published in its environment, and a pinned version published of that flow.
/// </summary>
public sealed class ApplicationValidation(EnvironmentFileValidator validator, PublishedFlows publishedFlows)
{
    /// <summary>The problems of <paramref name="entry"/> pinned to <paramref name="flowVersion"/>; none when it may be stored.</summary>
    public async Task<List<FieldProblem>> ValidateAsync(
        string environmentId, EnvironmentFileApplication entry, int? flowVersion, CancellationToken cancellationToken)
    {
        var problems = validator.ValidateApplication(environmentId, entry, await publishedFlows.IdsAsync(environmentId, cancellationToken)).ToList();
        if (flowVersion is { } version && await FindVersionProblemAsync(environmentId, entry.Flow, version, cancellationToken) is { } problem)
        {
            problems.Add(problem);
        }

        return problems;
    }

    /// <summary>A pinned version must be published, of a flow the application is bound to.</summary>
    private async Task<FieldProblem?> FindVersionProblemAsync(string environmentId, string? flow, int version, CancellationToken cancellationToken)
    {
        const string field = ApplicationPatchRequest.FlowVersionField;
        if (flow is null)
        {
            return new(field, $"{field} pins a version of the application's flow; bind a flow too");
        }

        return await publishedFlows.HasVersionAsync(environmentId, flow, version, cancellationToken)
            ? null
            : new(field, $"{field} {version} of flow '{flow}' is not published in this environment");
    }
}
