using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Tests.Management;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The designer's writes and the same writes through <c>/v1</c>, on one server of their own: each test compares what
/// the designer's services did with what the API does, refusals and audit entries alike.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DesignerWriteCollection : ICollectionFixture<ManagementServerFixture>
{
    public const string Name = "designer writes";

    /// <summary>Who the client-credentials token of the admin client is logged as.</summary>
    public const string V1Actor = "flows-admin";
}

/// <summary>What the designer write tests do on their server: sign in to a circuit, call /v1, read the audit log.</summary>
public sealed class DesignerWrites(ManagementServerFixture server)
{
    public ManagementApi Api { get; } = new(server.CreateRawClient());

    /// <summary>A scope as a circuit has it: the administrator with <paramref name="subject"/> signed in, with both roles.</summary>
    public AsyncServiceScope SignedIn(string subject) => server.Services.SignedInScope(subject);

    /// <summary>The action the <c>/v1</c> endpoint named <paramref name="endpointName"/> is logged under, by its service.</summary>
    public string V1Action(string endpointName) => server.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == endpointName)
        .Metadata.GetRequiredMetadata<AuditedByService>().Name;

    /// <summary>Where the audit log stands now; <see cref="AuditSinceAsync"/> reads what was logged after it.</summary>
    public async Task<long> AuditMarkAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0;
    }

    public async Task<List<AuditEntryRecord>> AuditSinceAsync(long mark)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Id > mark).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>
    /// The one entry a designer write left (by <paramref name="subject"/>) and the one the same write through <c>/v1</c>
    /// left, since <paramref name="mark"/>; each must be the only one of its actor.
    /// </summary>
    public async Task<(AuditEntryRecord Designer, AuditEntryRecord V1)> OneEntryEachAsync(long mark, string subject)
    {
        var entries = await AuditSinceAsync(mark);
        return (Assert.Single(entries, e => e.Actor == subject), Assert.Single(entries, e => e.Actor == DesignerWriteCollection.V1Actor));
    }

    /// <summary>The same change logged alike: action, method, status and environment; only who and through which path differ.</summary>
    public static void AssertSameChange(AuditEntryRecord designer, AuditEntryRecord v1, string expectedAction, string subject)
    {
        Assert.Equal((expectedAction, subject), (designer.Action, designer.Actor));
        Assert.Equal((v1.Action, v1.Method, v1.Status, v1.EnvironmentId), (designer.Action, designer.Method, designer.Status, designer.EnvironmentId));
        Assert.StartsWith("/designer/", designer.Path, StringComparison.Ordinal);
    }
}
