namespace Flows.AuthServer.Sessions;

/// <summary>Another request signed the session in (and so renewed its token) first; this sign-in was not recorded.</summary>
public sealed class SessionChangedException(string sessionId)
    : Exception($"Session '{sessionId}' was changed by another request.");
