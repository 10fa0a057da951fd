using System.Text.Json;

namespace Flows.Engine.Runtime;

/// <summary>What the server asks for when an authorization request needs a flow.</summary>
public sealed record FlowStartRequest(string EnvironmentId, string DefinitionId)
{
    /// <summary>A published version to pin; the latest one when null.</summary>
    public int? Version { get; init; }

    public string? ApplicationId { get; init; }

    public string? SessionTokenHash { get; init; }

    /// <summary>The authorization request, stored opaque so the server can finish it later.</summary>
    public string? Request { get; init; }

    /// <summary>
    /// The user the caller already knows (e.g. the one its session signed in), for a flow that must prove more about
    /// them: the instance starts with this user identified, not authenticated.
    /// </summary>
    public string? UserId { get; init; }

    /// <summary>The username of <see cref="UserId"/>.</summary>
    public string? Username { get; init; }

    /// <summary>Initial variables such as <c>loginHint</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Variables { get; init; }
}
