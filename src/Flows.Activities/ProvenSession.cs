using System.Text.Json;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// What the session a flow started in had already proved of its user: the amr values of the flows it completed and
/// when it last authenticated them. The server writes it into <see cref="FlowVariables.Session"/>.
/// </summary>
public sealed record ProvenSession(string UserId, IReadOnlyList<string> Amr, DateTimeOffset AuthenticatedAt)
{
    public JsonElement ToVariable() => JsonSerializer.SerializeToElement(this, JsonSerializerOptions.Web);

    /// <summary>The proof the flow was started with, or null when it has none (or an unreadable one).</summary>
    public static ProvenSession? Of(FlowState state)
    {
        if (!state.Variables.TryGetValue(FlowVariables.Session, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return value.Deserialize<ProvenSession>(JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether the session proved <paramref name="method"/> (an RFC 8176 amr value) for this very user.</summary>
    public bool Proved(string userId, string method) =>
        UserId == userId && Amr is not null && Amr.Contains(method, StringComparer.Ordinal);
}
