using System.Collections.Frozen;

namespace Flows.Engine.Activities;

/// <summary>The activity types this server knows, by type name.</summary>
public sealed class ActivityRegistry
{
    private readonly FrozenDictionary<string, ActivityDescriptor> _descriptors;

    public ActivityRegistry(IEnumerable<Type> activityTypes)
    {
        _descriptors = activityTypes
            .Distinct()
            .Select(ActivityDescriptorFactory.Describe)
            .ToFrozenDictionary(descriptor => descriptor.Type, StringComparer.Ordinal);
    }

    /// <summary>The catalog, ordered for a palette: by category, then display name.</summary>
    public IReadOnlyList<ActivityDescriptor> All =>
        _descriptors.Values.OrderBy(d => d.Category).ThenBy(d => d.DisplayName).ToList();

    public ActivityDescriptor? Find(string type) => _descriptors.GetValueOrDefault(type);
}
