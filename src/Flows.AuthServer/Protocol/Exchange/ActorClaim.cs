using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Protocol.Exchange;

/// <summary>
/// The <c>act</c> claim of an exchanged token (RFC 8693 §4.1): who acts for the subject. The outermost object is the
/// current actor; a delegation the subject token already carried is nested inside it as the prior actors.
/// </summary>
public static class ActorClaim
{
    /// <summary>RFC 8693 §4.1. OpenIddict's <c>Claims.Actor</c> is another claim ("actor").</summary>
    public const string Type = "act";

    /// <summary>The act claim of the new token; null when there is no actor and the subject token names none.</summary>
    public static JsonElement? Of(ClaimsPrincipal subject, ClaimsPrincipal? actor)
    {
        var prior = subject.GetClaim(Type) is { Length: > 0 } text ? JsonNode.Parse(text) : null;
        if (actor?.GetClaim(Claims.Subject) is not { } actorSubject)
        {
            return prior is null ? null : JsonSerializer.SerializeToElement(prior);
        }

        var current = new JsonObject { [Claims.Subject] = actorSubject };
        if (prior is not null)
        {
            current[Type] = prior;
        }

        return JsonSerializer.SerializeToElement(current);
    }
}
