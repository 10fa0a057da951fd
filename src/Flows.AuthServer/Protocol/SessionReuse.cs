using Flows.Activities;
using Flows.AuthServer.Data;
using Flows.AuthServer.Flows;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// What an authorization request may take from the browser's signed-in session: nothing with prompt=login, only
/// authentications younger than max_age (OIDC Core §3.1.2.1), and a sign-in without a flow (SSO) only when the
/// session completed the very flow version the application runs — for the acr the request asks for, when it asks for one
/// (a session that did not satisfy it runs the flow again: a step-up).
/// </summary>
public static class SessionReuse
{
    /// <summary>The session's proof of <paramref name="flow"/> when it answers the request without running it (SSO); else null.</summary>
    public static SessionProof? ProofFor(SessionRecord? session, FlowReference flow, OpenIddictRequest request, DateTimeOffset now) =>
        Usable(session, request)?.ProofOf(flow.Id, flow.Version) is { } proof && Fresh(proof.AuthenticatedAt, request, now)
            && (flow.Acr is null || proof.Satisfies(flow.Acr))
            ? proof
            : null;

    /// <summary>
    /// The session's user and what the session proved of them within max_age, for a flow that runs for that user
    /// (a step-up); null when the flow must start without a user.
    /// </summary>
    public static ProvenSession? ProvenFor(SessionRecord? session, OpenIddictRequest request, DateTimeOffset now)
    {
        if (Usable(session, request) is not { UserId: { } userId, AuthenticatedAt: { } latest } usable || !Fresh(latest, request, now))
        {
            return null;
        }

        var counted = usable.Proofs.Where(proof => Fresh(proof.AuthenticatedAt, request, now)).ToList();
        var amr = counted.SelectMany(proof => proof.Amr).Distinct(StringComparer.Ordinal).ToList();
        return new ProvenSession(userId, amr, counted.Count > 0 ? counted.Max(proof => proof.AuthenticatedAt) : latest);
    }

    private static SessionRecord? Usable(SessionRecord? session, OpenIddictRequest request) =>
        session is { IsAuthenticated: true } && !request.HasPromptValue(PromptValues.Login) ? session : null;

    private static bool Fresh(DateTimeOffset authenticatedAt, OpenIddictRequest request, DateTimeOffset now) =>
        request.MaxAge is not { } maxAge || now - authenticatedAt <= TimeSpan.FromSeconds(maxAge);
}
