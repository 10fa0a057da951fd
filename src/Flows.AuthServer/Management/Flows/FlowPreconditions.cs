using Flows.AuthServer.Administration;
using Flows.AuthServer.FlowDefinitions;

namespace Flows.AuthServer.Management.Flows;

/// <summary>Turns a request's <c>If-Match</c> into the ETag a flow write must still find (RFC 9110 §13.1.1).</summary>
public static class FlowPreconditions
{
    public static bool Present(HttpRequest request) => request.GetTypedHeaders().IfMatch.Count > 0;

    /// <summary>
    /// Null when the write may go on, with <paramref name="expected"/> the ETag the service re-checks when it
    /// writes (null without If-Match); else the 412. A resource that does not exist matches no If-Match.
    /// </summary>
    public static IResult? Check(HttpRequest request, string? currentETag, out string? expected)
    {
        expected = null;
        if (!Present(request))
        {
            return null;
        }

        if (currentETag is null)
        {
            return ManagementProblems.Stale();
        }

        expected = currentETag;
        return ManagementETags.CheckIfMatch(request, currentETag);
    }

    /// <summary>
    /// <see cref="Check"/> against the flow's own ETag (its summary's), read only when the request has If-Match:
    /// the refusal to answer with (404, 412), or null and the ETag the service must still find.
    /// </summary>
    public static async Task<(IResult? Refusal, string? Expected)> CheckFlowAsync(
        HttpRequest request, FlowDefinitionService flows, string env, string flowId, CancellationToken cancellationToken)
    {
        if (!Present(request))
        {
            return (null, null);
        }

        var current = await flows.GetAsync(env, flowId, cancellationToken);
        if (current.Error is { } missing)
        {
            return (FlowProblems.Of(missing), null);
        }

        return (Check(request, ManagementETags.Of(current.Value!), out var expected), expected);
    }
}
