using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Applications;

/// <summary>Why an application call did not happen; the API turns each kind into one problem status.</summary>
public enum ApplicationErrorKind
{
    /// <summary>The environment or the application does not exist (404).</summary>
    NotFound,

    /// <summary>The call clashes with the application's state, e.g. deleting the bootstrap admin client (409).</summary>
    Conflict,

    /// <summary>The caller's ETag is no longer current (412).</summary>
    Stale,

    /// <summary>A value of the request is not valid (400, per field).</summary>
    Invalid,
}

/// <summary>A refused call: its kind, what it concerns, and the field problems when there are some.</summary>
public sealed record ApplicationError(ApplicationErrorKind Kind, string Detail)
{
    public IReadOnlyList<FieldProblem> Fields { get; init; } = [];

    /// <summary><paramref name="what"/> reads as a subject, e.g. <c>Application 'x' in environment 'y'</c>.</summary>
    public static ApplicationError Missing(string what) => new(ApplicationErrorKind.NotFound, what);

    public static ApplicationError InConflict(string detail) => new(ApplicationErrorKind.Conflict, detail);

    public static ApplicationError Stale() => new(ApplicationErrorKind.Stale, "The application changed since it was read.");

    public static ApplicationError Invalid(IReadOnlyList<FieldProblem> fields) =>
        new(ApplicationErrorKind.Invalid, string.Join("; ", fields.Select(field => field.Message))) { Fields = fields };
}

/// <summary>The value of an application call, or why there is none.</summary>
public sealed class ApplicationResult<T>
{
    private ApplicationResult(T? value, ApplicationError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ApplicationError? Error { get; }

    public bool Succeeded => Error is null;

    public static ApplicationResult<T> Ok(T value) => new(value, null);

    public static implicit operator ApplicationResult<T>(ApplicationError error) => new(default, error);
}
