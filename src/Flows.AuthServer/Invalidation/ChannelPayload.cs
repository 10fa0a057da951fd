using System.Text.Json;

namespace Flows.AuthServer.Invalidation;

/// <summary>How the messages on the change channel read and write their payloads (JSON, web names).</summary>
internal static class ChannelPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T message) => JsonSerializer.Serialize(message, Json);

    /// <summary>The <typeparamref name="T"/> in <paramref name="payload"/>, or null when it is not JSON of that shape.</summary>
    public static T? Read<T>(string payload) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
