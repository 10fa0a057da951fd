using Flows.AuthServer.Administration;
using Microsoft.Net.Http.Headers;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// What a flow write must still find, else it is refused as stale and changes nothing (RFC 9110 §13.1): an
/// <c>If-Match</c> naming the draft's ETag or the flow's, or no draft at all (<c>If-None-Match: *</c>, §13.1.2: the
/// designer opened the flow without one, so a draft saved since is someone else's). <see cref="None"/> sets none.
/// </summary>
public sealed record FlowPrecondition
{
    private readonly Subject _subject;
    private readonly string? _ifMatch;

    private FlowPrecondition(Subject subject, string? ifMatch) => (_subject, _ifMatch) = (subject, ifMatch);

    /// <summary>What an ETag of the precondition is the ETag of.</summary>
    private enum Subject
    {
        None,
        Draft,
        Flow,
        NoDraft,
    }

    public static FlowPrecondition None { get; } = new(Subject.None, null);

    /// <summary>The write happens only while the flow has no draft.</summary>
    public static FlowPrecondition NoDraft { get; } = new(Subject.NoDraft, null);

    /// <summary><c>If-Match</c> on the draft (as <c>GET …/draft</c> shows it); no value, or one that is no list of ETags, sets none.</summary>
    public static FlowPrecondition Draft(string? ifMatch) => IsSet(ifMatch) ? new(Subject.Draft, ifMatch) : None;

    /// <summary><c>If-Match</c> on the flow (as <c>GET …/flows/{flowId}</c> and the list show it).</summary>
    public static FlowPrecondition Flow(string? ifMatch) => IsSet(ifMatch) ? new(Subject.Flow, ifMatch) : None;

    /// <summary>Whether checking needs the flow's ETag, which costs a read of its bindings.</summary>
    public bool NeedsFlowETag => _subject == Subject.Flow;

    /// <summary>
    /// Whether the flow as read lets the write go on: <paramref name="draftETag"/> is its draft's (null: it has none),
    /// <paramref name="flowETag"/> its own when <see cref="NeedsFlowETag"/>. A draft that does not exist matches no
    /// <c>If-Match</c>, not even <c>*</c>.
    /// </summary>
    public bool IsMetBy(string? draftETag, string? flowETag) => _subject switch
    {
        Subject.Draft => draftETag is not null && ManagementETags.Matches(_ifMatch, draftETag),
        Subject.Flow => flowETag is not null && ManagementETags.Matches(_ifMatch, flowETag),
        Subject.NoDraft => draftETag is null,
        _ => true,
    };

    private static bool IsSet(string? ifMatch) =>
        !string.IsNullOrEmpty(ifMatch) && EntityTagHeaderValue.TryParseList([ifMatch], out var tags) && tags.Count > 0;
}
