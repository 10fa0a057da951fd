using System.Collections.Concurrent;
using System.Text.Json;
using Flows.Engine.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Engine.Activities;

/// <summary>Creates the activity of a node with its dependencies and binds the node's properties to it.</summary>
public sealed class ActivityFactory(ActivityRegistry registry, IServiceProvider services)
{
    // Shared by all scopes: a constructor plan depends only on the type.
    private static readonly ConcurrentDictionary<Type, ObjectFactory> Constructors = new();

    public (Activity Activity, ActivityDescriptor Descriptor) Create(FlowNode node)
    {
        var descriptor = registry.Find(node.Type)
            ?? throw new InvalidOperationException($"Node '{node.Id}' has the unknown activity type '{node.Type}'.");

        var constructor = Constructors.GetOrAdd(descriptor.ClrType, type => ActivatorUtilities.CreateFactory(type, Type.EmptyTypes));
        var activity = (Activity)constructor(services, null);

        foreach (var property in descriptor.Properties)
        {
            var value = node.Properties.TryGetValue(property.Name, out var set) ? set : property.Default;
            if (value is { } json)
            {
                property.ClrProperty.SetValue(activity, json.Deserialize(property.ClrProperty.PropertyType, ActivityDescriptorFactory.ValueOptions));
            }
        }

        return (activity, descriptor);
    }
}
