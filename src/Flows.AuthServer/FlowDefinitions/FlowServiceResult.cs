using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;
using Flows.Engine.Validation;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>Why a flow management call did not happen; the API turns each kind into one problem status.</summary>
public enum FlowErrorKind
{
    /// <summary>The environment, flow, draft or version does not exist (404).</summary>
    NotFound,

    /// <summary>The id is taken (409).</summary>
    AlreadyExists,

    /// <summary>The call clashes with the flow's state, e.g. deleting a flow applications use (409).</summary>
    Conflict,

    /// <summary>The caller's ETag is no longer current (412).</summary>
    Stale,

    /// <summary>A value of the request is not valid (400, per field).</summary>
    Invalid,

    /// <summary>The definition does not pass the engine's validator (400, per node).</summary>
    InvalidDefinition,
}

/// <summary>A refused call: its kind, what it concerns, and the field or node problems when there are some.</summary>
public sealed record FlowError(FlowErrorKind Kind, string Detail)
{
    public IReadOnlyList<FieldProblem> Fields { get; init; } = [];

    public IReadOnlyList<FlowValidationProblem> Problems { get; init; } = [];

    /// <summary><paramref name="what"/> reads as a subject, e.g. <c>Flow 'x' in environment 'y'</c>.</summary>
    public static FlowError Missing(string what) => new(FlowErrorKind.NotFound, what);

    public static FlowError Taken(string what) => new(FlowErrorKind.AlreadyExists, what);

    public static FlowError InConflict(string detail) => new(FlowErrorKind.Conflict, detail);

    public static FlowError Stale() => new(FlowErrorKind.Stale, "The draft changed since it was read.");

    public static FlowError Invalid(IReadOnlyList<FieldProblem> fields) => new(FlowErrorKind.Invalid, "One or more values are not valid.") { Fields = fields };

    public static FlowError Invalid(string field, string message) => Invalid([new FieldProblem(field, message)]);

    public static FlowError NotPublishable(IReadOnlyList<FlowValidationProblem> problems) =>
        new(FlowErrorKind.InvalidDefinition, "The definition has problems; see errors.") { Problems = problems };

    /// <summary>The refusal as every surface renders it, by its entry of the error catalog.</summary>
    public ServiceError ToServiceError() => Kind switch
    {
        FlowErrorKind.NotFound => ServiceError.Missing(Detail),
        FlowErrorKind.AlreadyExists => ServiceError.Taken(Detail),
        FlowErrorKind.Conflict => ServiceError.InConflict(Detail),
        FlowErrorKind.Stale => ServiceError.Stale(),
        FlowErrorKind.Invalid => ServiceError.Invalid(Fields),
        FlowErrorKind.InvalidDefinition => new ServiceError(ErrorCatalog.InvalidDefinition),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown kind of flow error."),
    };
}

/// <summary>The value of a flow management call, or why there is none.</summary>
public sealed class FlowServiceResult<T>
{
    private FlowServiceResult(T? value, FlowError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public FlowError? Error { get; }

    public bool Succeeded => Error is null;

    public static FlowServiceResult<T> Ok(T value) => new(value, null);

    public static implicit operator FlowServiceResult<T>(FlowError error) => new(default, error);
}
