using System.Text;

namespace Flows.AuthServer.Invalidation;

/// <summary>
/// A <see cref="CacheChange"/> as a PostgreSQL notification's payload (JSON), with an id so that its sender can
/// recognise it when it comes back.
/// </summary>
public sealed record ChangeMessage(string Id, string Area, string Environment, string? Key)
{
    // PostgreSQL refuses a payload of 8000 bytes or more (NOTIFY); a key long enough to reach it (a client id can be
    // long) is sent as a change of the whole environment instead, which forgets more but never too little.
    private const int MaxPayloadBytes = 7900;

    public CacheChange Change => new(Area, Environment, Key);

    public static ChangeMessage Of(CacheChange change) =>
        new(Guid.NewGuid().ToString("N"), change.Area, change.EnvironmentId, change.Key);

    public string ToPayload()
    {
        var payload = ChannelPayload.Write(this);
        return Encoding.UTF8.GetByteCount(payload) <= MaxPayloadBytes
            ? payload
            : ChannelPayload.Write(this with { Area = CacheAreas.Environment, Key = null });
    }

    /// <summary>The message in <paramref name="payload"/>; null for anything else on the channel.</summary>
    public static ChangeMessage? FromPayload(string payload) =>
        ChannelPayload.Read<ChangeMessage>(payload) is { Id: not null, Area: not null, Environment: not null } message ? message : null;
}
