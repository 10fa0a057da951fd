using Flows.AuthServer.Applications;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>Turns a refused application call into the management API's problem response, in one place.</summary>
public static class ApplicationProblems
{
    public static IResult Of(ApplicationError error) => error.Kind switch
    {
        ApplicationErrorKind.NotFound => ManagementProblems.Missing(error.Detail),
        ApplicationErrorKind.Conflict => ManagementProblems.InConflict(error.Detail),
        ApplicationErrorKind.Stale => ManagementProblems.Stale(),
        ApplicationErrorKind.Invalid => ManagementProblems.Invalid(error.Fields),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error.Kind, "Unknown kind of application error."),
    };
}
