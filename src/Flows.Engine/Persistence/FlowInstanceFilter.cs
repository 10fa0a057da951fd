using Flows.Engine.Instances;

namespace Flows.Engine.Persistence;

/// <summary>Turns a <see cref="FlowInstanceQuery"/> into a database query.</summary>
internal static class FlowInstanceFilter
{
    public static IQueryable<FlowInstance> Apply(IQueryable<FlowInstance> instances, FlowInstanceQuery query)
    {
        if (query.EnvironmentId is { } environment)
        {
            instances = instances.Where(i => i.EnvironmentId == environment);
        }

        if (query.Status is { } status)
        {
            instances = instances.Where(i => i.Status == status);
        }

        if (query.DefinitionId is { } definition)
        {
            instances = instances.Where(i => i.DefinitionId == definition);
        }

        if (query.DefinitionVersion is { } version)
        {
            instances = instances.Where(i => i.DefinitionVersion == version);
        }

        if (query.ApplicationId is { } application)
        {
            instances = instances.Where(i => i.ApplicationId == application);
        }

        if (query.UserId is { } user)
        {
            instances = instances.Where(i => i.UserId == user);
        }

        if (query.CreatedAfter is { } after)
        {
            instances = instances.Where(i => i.CreatedAt >= after);
        }

        if (query.CreatedBefore is { } before)
        {
            instances = instances.Where(i => i.CreatedAt < before);
        }

        if (query.After is { } cursor)
        {
            if (!FlowInstanceCursor.TryDecode(cursor, out var createdAt, out var id))
            {
                throw new ArgumentException("The page cursor is not one this server issued.", nameof(query));
            }

            instances = instances.Where(i => i.CreatedAt < createdAt || (i.CreatedAt == createdAt && string.Compare(i.Id, id) < 0));
        }

        return instances;
    }
}
