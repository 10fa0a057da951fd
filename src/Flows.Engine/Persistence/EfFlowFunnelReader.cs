using Flows.Engine.Instances;
using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>
/// The funnel from the kept counts (<see cref="FlowFunnelCount"/>) for the whole hours of the period, plus, for a
/// <c>from</c> or <c>to</c> that falls inside an hour, the runs created in that part of it counted from their journals
/// (<see cref="JournalFunnelCounter"/>): exact for any period, and never more than two hours of journal to read.
/// </summary>
public sealed class EfFlowFunnelReader(IDbContextFactory<FlowsDbContext> contexts) : IFlowFunnelReader
{
    public async Task<FlowFunnel> ReadAsync(FlowFunnelQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var firstHour = query.From is { } from ? HourCeiling(from) : long.MinValue;
        var endHour = FlowFunnelCount.HourOf(query.To);
        if (firstHour >= endHour)
        {
            // Within one hour (or across one boundary with no whole hour between): the journal alone.
            return await JournalFunnelCounter.CountAsync(db, query, cancellationToken);
        }

        var funnel = await KeptFunnelCounter.CountAsync(db, query, firstHour, endHour, cancellationToken);
        if (query.From is { } start && FlowFunnelCount.StartOf(firstHour) != start)
        {
            funnel = funnel.Plus(await JournalFunnelCounter.CountAsync(db, query with { To = FlowFunnelCount.StartOf(firstHour) }, cancellationToken));
        }

        if (FlowFunnelCount.StartOf(endHour) != query.To)
        {
            funnel = funnel.Plus(await JournalFunnelCounter.CountAsync(db, query with { From = FlowFunnelCount.StartOf(endHour) }, cancellationToken));
        }

        return funnel;
    }

    private static long HourCeiling(DateTimeOffset at)
    {
        var hour = FlowFunnelCount.HourOf(at);
        return FlowFunnelCount.StartOf(hour) == at ? hour : hour + 1;
    }
}
