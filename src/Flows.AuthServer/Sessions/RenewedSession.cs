namespace Flows.AuthServer.Sessions;

/// <summary>
/// A session's new token, issued when it signed in: the response that completed the flow sets it as the ST cookie.
/// <see cref="PreviousTokenHash"/> names the token it replaces, which no longer finds the session.
/// </summary>
public sealed record RenewedSession(string Token, string PreviousTokenHash, DateTimeOffset ExpiresAt);
