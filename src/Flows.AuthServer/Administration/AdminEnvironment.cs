namespace Flows.AuthServer.Administration;

/// <summary>
/// The administrators' environment: the designer and the management API sign in through it, and only its
/// applications may hold the management scopes.
/// </summary>
public static class AdminEnvironment
{
    public const string Id = "admin";
}
