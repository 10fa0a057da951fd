using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Runs the engine's validator and the checks that need the environment (the flows sub-flow nodes run, the attributes
/// Check user nodes test) on a flow's draft or on a definition the caller sends, for the designer to show per node.
/// </summary>
public sealed class FlowDraftValidation(
    FlowCatalog catalog, FlowDefinitionValidator validator, SubFlowReferences subFlows, UserAttributeReferences attributes)
{
    /// <summary>
    /// What the validator says of <paramref name="definition"/>, or of the flow's draft when it is null. The
    /// answer lists problems; it is not refused because of them.
    /// </summary>
    public async Task<FlowServiceResult<FlowValidationResource>> ValidateAsync(
        string environmentId, string flowId, FlowDefinition? definition, CancellationToken cancellationToken)
    {
        var found = await catalog.FindAsync(environmentId, flowId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        definition ??= FlowDrafts.Of(found.Value!.Record)?.Definition;
        if (definition is null)
        {
            return FlowError.InConflict($"Flow '{flowId}' has no draft; send the definition to validate.");
        }

        var problems = FlowDefinitionShape.Check(definition);
        if (problems.Count > 0)
        {
            return FlowError.Invalid(problems);
        }

        var references = await subFlows.CheckAsync(environmentId, definition, cancellationToken);
        var attributeChecks = await attributes.CheckAsync(environmentId, definition, cancellationToken);
        return FlowServiceResult<FlowValidationResource>.Ok(FlowValidationResource.Of([.. validator.Validate(definition), .. references, .. attributeChecks]));
    }
}
