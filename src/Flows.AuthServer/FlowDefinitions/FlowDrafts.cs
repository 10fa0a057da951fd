using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>A flow's draft: the definition being edited, when it was last saved, and its ETag for If-Match.</summary>
public sealed record FlowDraft(FlowDefinition Definition, DateTimeOffset UpdatedAt, string ETag);

/// <summary>How drafts are stored: the engine's definition JSON, version 0, in <see cref="ManagedFlowRecord.DraftJson"/>.</summary>
public static class FlowDrafts
{
    public static string Serialize(FlowDefinition draft)
    {
        draft.Version = 0;
        return FlowDefinitionSerializer.Serialize(draft);
    }

    public static FlowDraft? Of(ManagedFlowRecord record)
    {
        if (record.DraftJson is not { } json)
        {
            return null;
        }

        var definition = FlowDefinitionSerializer.Deserialize(json);
        return new FlowDraft(definition, record.DraftUpdatedAt ?? record.UpdatedAt, ETagOf(definition));
    }

    /// <summary>The draft's strong ETag: a hash of the definition, so it changes exactly when the draft does.</summary>
    public static string ETagOf(FlowDefinition definition) => ManagementETags.Of(definition);
}
