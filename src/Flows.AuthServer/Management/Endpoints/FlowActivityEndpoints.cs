using Flows.AuthServer.Administration;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Management.Flows;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary><c>/v1/activities</c>: the activity types flow nodes may use, with their properties and outcomes, as one page.</summary>
public static class FlowActivityEndpoints
{
    public static IEndpointRouteBuilder MapFlowActivities(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(FlowRoutes.Activities, (FlowActivityCatalog activities) => Results.Ok(new ListPage<FlowActivityResource>(activities.All, Next: null)))
            .WithName("ListActivities").WithSummary("The activity catalog, by category then display name, for the designer's palette.")
            .Produces<ListPage<FlowActivityResource>>();
        return v1;
    }
}
