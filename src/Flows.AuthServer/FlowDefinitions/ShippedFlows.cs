using Flows.AuthServer.Environments;
using Flows.Engine.Definitions;
using Flows.Engine.Runtime;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>The flow definitions shipped in the workflows folder, which every new environment starts with.</summary>
public sealed class ShippedFlows(FlowPublisher publisher, IFlowDefinitionStore store, IOptions<EnvironmentImportOptions> options)
{
    public const string PublishNote = "Shipped with Flows";

    private IReadOnlyList<FlowDefinition>? _definitions;

    public IReadOnlyList<FlowDefinition> Definitions => _definitions ??= Load(options.Value.WorkflowsPath);

    public IReadOnlySet<string> Ids => Definitions.Select(definition => definition.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>Publishes each shipped flow the environment has no version of; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> PublishMissingAsync(string environmentId, CancellationToken cancellationToken)
    {
        var published = new List<string>();
        foreach (var definition in Definitions)
        {
            // Skipping what exists makes an interrupted import safe to run again.
            if (await PublishIfMissingAsync(environmentId, definition, cancellationToken))
            {
                published.Add(definition.Id);
            }
        }

        return published;
    }

    /// <summary>Publishes the shipped flow <paramref name="flowId"/> unless the environment has a version of it; false when it has.</summary>
    public Task<bool> PublishIfMissingAsync(string environmentId, string flowId, CancellationToken cancellationToken) =>
        PublishIfMissingAsync(environmentId, Definitions.Single(definition => definition.Id == flowId), cancellationToken);

    private async Task<bool> PublishIfMissingAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken)
    {
        if (await store.FindLatestAsync(environmentId, definition.Id, cancellationToken) is not null)
        {
            return false;
        }

        await publisher.PublishAsync(environmentId, definition, PublishNote, cancellationToken);
        return true;
    }

    private static IReadOnlyList<FlowDefinition> Load(string path) =>
        Directory.Exists(path)
            ? FlowDefinitionLoader.LoadDirectory(path)
            : throw new DirectoryNotFoundException(
                $"The shipped flows folder '{path}' does not exist; set {EnvironmentImportOptions.WorkflowsPathKey}.");
}
