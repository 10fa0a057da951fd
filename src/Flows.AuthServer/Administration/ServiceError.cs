using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;

namespace Flows.AuthServer.Administration;

/// <summary>
/// Why a service refused a call, as every surface renders it: the <see cref="ErrorCatalog"/> entry, the sentence
/// that names the case (safe to show: it names only what the caller asked for; null when the entry's own words
/// say it all) and, for invalid values, the problem of each field.
/// </summary>
public sealed record ServiceError(ErrorEntry Entry, string? Detail = null)
{
    public IReadOnlyList<FieldProblem> Fields { get; init; } = [];

    /// <summary><paramref name="what"/> reads as a subject, e.g. <c>User 'x' in environment 'y'</c>.</summary>
    public static ServiceError Missing(string what) => new(ErrorCatalog.ResourceNotFound, $"{what} does not exist.");

    /// <summary><paramref name="what"/> reads as a subject, e.g. <c>Environment 'x'</c>.</summary>
    public static ServiceError Taken(string what) => new(ErrorCatalog.Duplicate, $"{what} exists already.");

    public static ServiceError InConflict(string detail) => new(ErrorCatalog.ResourceConflict, detail);

    /// <summary>The caller's ETag is no longer the resource's (RFC 9110 §13.1.1).</summary>
    public static ServiceError Stale() => new(ErrorCatalog.Stale);

    public static ServiceError Invalid(IReadOnlyList<FieldProblem> fields) => new(ErrorCatalog.Invalid) { Fields = fields };

    public static ServiceError Invalid(string field, string message) => Invalid([new FieldProblem(field, message)]);
}

/// <summary>The value of a service call, or why there is none.</summary>
public sealed class ServiceResult<T>
{
    private ServiceResult(T? value, ServiceError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ServiceError? Error { get; }

    public bool Succeeded => Error is null;

    public static ServiceResult<T> Ok(T value) => new(value, null);

    public static implicit operator ServiceResult<T>(ServiceError error) => new(default, error);
}
