using System.Globalization;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Management.Audit;

/// <summary>
/// The audit log, newest first: <c>/v1/auditEntries</c> (every change, optionally <c>?environment=</c>) and
/// <c>/v1/environments/{env}/auditEntries</c> (the changes made inside one environment).
/// </summary>
public static class AuditEndpoints
{
    public const string AuditEntries = "/auditEntries";
    private const string EnvironmentFilter = "environment";

    public static IEndpointRouteBuilder MapAuditLog(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(AuditEntries, (HttpRequest request, ServerDbContext db, CancellationToken cancellationToken) =>
                ListAsync(request.Query[EnvironmentFilter].FirstOrDefault(), request, db, cancellationToken))
            .WithName("ListAuditEntries").WithSummary("The audit log of every administrative change, newest first.");
        v1.MapGet(ManagementRoutes.Environment + AuditEntries, async (string env, HttpRequest request, EnvironmentCatalog catalog,
                ServerDbContext db, CancellationToken cancellationToken) =>
                await catalog.FindAsync(env, cancellationToken) is null
                    ? ManagementProblems.Missing($"Environment '{env}'")
                    : await ListAsync(env, request, db, cancellationToken))
            .WithName("ListEnvironmentAuditEntries").WithSummary("The changes made inside one environment, newest first.");
        return v1;
    }

    private static async Task<IResult> ListAsync(string? env, HttpRequest request, ServerDbContext db, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        var page = PageRequest.From(request.Query, problems);
        var afterText = page.AfterKey(problems);
        long? after = null;
        if (afterText is not null)
        {
            if (long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                after = id;
            }
            else
            {
                problems.Add(new(PageRequest.AfterParameter, PageRequest.InvalidCursor));
            }
        }

        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        var entries = db.AuditEntries.AsNoTracking();
        if (env is not null)
        {
            entries = entries.Where(e => e.EnvironmentId == env);
        }

        if (after is { } last)
        {
            entries = entries.Where(e => e.Id < last);
        }

        var rows = await entries.OrderByDescending(e => e.Id).Take(page.PageSize + 1).ToListAsync(cancellationToken);
        var items = rows.Take(page.PageSize).Select(AuditEntryResource.Of).ToList();
        return Results.Ok(new ListPage<AuditEntryResource>(items, page.NextAfter(rows, e => e.Id.ToString(CultureInfo.InvariantCulture))));
    }
}
