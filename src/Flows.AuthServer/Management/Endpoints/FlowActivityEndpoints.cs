using Flows.AuthServer.Management.Flows;
using Flows.AuthServer.Management.Resources;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary><c>/v1/activities</c>: the activity types flow nodes may use, with their properties and outcomes.</summary>
public static class FlowActivityEndpoints
{
    public static IEndpointRouteBuilder MapFlowActivities(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(FlowRoutes.Activities, (FlowActivityCatalog activities) => Results.Ok(activities.All))
            .WithName("ListActivities").WithSummary("The activity catalog, by category then display name, for the designer's palette.")
            .Produces<IReadOnlyList<FlowActivityResource>>();
        return v1;
    }
}
