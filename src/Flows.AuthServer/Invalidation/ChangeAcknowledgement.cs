using System.Text.Json;

namespace Flows.AuthServer.Invalidation;

/// <summary>
/// A node's answer, on the same channel, that it has forgotten the change <see cref="Change"/>: the sender waits for
/// one from every other listening node before the administrator hears that the change is done.
/// </summary>
public sealed record ChangeAcknowledgement(string Change, string Node)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToPayload() => JsonSerializer.Serialize(this, Json);

    /// <summary>The acknowledgement in <paramref name="payload"/>; null for anything else on the channel.</summary>
    public static ChangeAcknowledgement? FromPayload(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<ChangeAcknowledgement>(payload, Json) is { Change: not null, Node: not null } acknowledgement
                ? acknowledgement
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
