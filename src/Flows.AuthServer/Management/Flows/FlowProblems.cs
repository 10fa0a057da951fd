using Flows.AuthServer.FlowDefinitions;

namespace Flows.AuthServer.Management.Flows;

/// <summary>Turns a refused flow management call into the management API's problem response, in one place.</summary>
public static class FlowProblems
{
    /// <summary>The refusal's catalog entry; a definition the validator refuses adds its problems per node.</summary>
    public static IResult Of(FlowError error) => error.Kind == FlowErrorKind.InvalidDefinition
        ? ManagementProblems.InvalidDefinition(FlowValidationResource.ErrorsOf(error.Problems), error.Problems)
        : ManagementProblems.Of(error.ToServiceError());

    /// <summary>The value as a 200 answer, or the problem.</summary>
    public static IResult OkOr<T>(FlowServiceResult<T> result) =>
        result.Error is { } error ? Of(error) : Results.Ok(result.Value);
}
