namespace Flows.AuthServer.Invalidation;

/// <summary>
/// A node's answer, on the same channel, that it has forgotten the change <see cref="Change"/>: the sender waits for
/// one from every other listening node before the administrator hears that the change is done.
/// </summary>
public sealed record ChangeAcknowledgement(string Change, string Node)
{
    public string ToPayload() => ChannelPayload.Write(this);

    /// <summary>The acknowledgement in <paramref name="payload"/>; null for anything else on the channel.</summary>
    public static ChangeAcknowledgement? FromPayload(string payload) =>
        ChannelPayload.Read<ChangeAcknowledgement>(payload) is { Change: not null, Node: not null } acknowledgement ? acknowledgement : null;
}
