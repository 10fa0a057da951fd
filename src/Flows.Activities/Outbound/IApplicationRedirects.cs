using System.Text.Json.Nodes;

namespace Flows.Activities.Outbound;

/// <summary>
/// The signed <c>continue</c> token of <see cref="RedirectToApplication"/>. The server signs it with the environment's
/// shared secret; the outside application answers at the URL it names with a token of its own, which the server
/// checks before the flow is resumed.
/// </summary>
public interface IApplicationRedirects
{
    /// <summary>The token for <paramref name="request"/>; null when the environment has no outbound secret yet.</summary>
    Task<string?> IssueContinueTokenAsync(ContinueRequest request, CancellationToken cancellationToken);
}

/// <summary>What a <c>continue</c> token says: the flow that waits, the nonce its answer must carry, until when, and the data sent.</summary>
public sealed record ContinueRequest(string EnvironmentId, string FlowId, string Nonce, DateTimeOffset ExpiresAt, JsonObject Data);
