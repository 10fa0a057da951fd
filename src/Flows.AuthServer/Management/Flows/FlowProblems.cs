using Flows.AuthServer.FlowDefinitions;

namespace Flows.AuthServer.Management.Flows;

/// <summary>Turns a refused flow management call into the management API's problem response, in one place.</summary>
public static class FlowProblems
{
    public static IResult Of(FlowError error) => error.Kind switch
    {
        FlowErrorKind.NotFound => ManagementProblems.Missing(error.Detail),
        FlowErrorKind.AlreadyExists => ManagementProblems.Duplicate(error.Detail),
        FlowErrorKind.Conflict => ManagementProblems.InConflict(error.Detail),
        FlowErrorKind.Stale => ManagementProblems.Stale(),
        FlowErrorKind.Invalid => ManagementProblems.Invalid(error.Fields),
        FlowErrorKind.InvalidDefinition => ManagementProblems.InvalidDefinition(FlowValidationResource.ErrorsOf(error.Problems), error.Problems),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error.Kind, "Unknown kind of flow error."),
    };

    /// <summary>The value as a 200 answer, or the problem.</summary>
    public static IResult OkOr<T>(FlowServiceResult<T> result) =>
        result.Error is { } error ? Of(error) : Results.Ok(result.Value);
}
