using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.Engine.Runtime;

/// <summary>Publishes a definition as a new immutable version, only when it validates.</summary>
public sealed class FlowPublisher(FlowDefinitionValidator validator, IFlowDefinitionStore store)
{
    public async Task<FlowDefinition> PublishAsync(string environmentId, FlowDefinition definition, string? note = null, CancellationToken cancellationToken = default)
    {
        var problems = validator.Validate(definition);
        if (problems.Count > 0)
        {
            throw new FlowValidationException(problems);
        }

        return await store.PublishAsync(environmentId, definition, note, cancellationToken);
    }
}
