namespace Flows.AuthServer.Invalidation;

/// <summary>
/// What an administrator changed, as far as caches care: the area, the environment and, within it, the item (a client
/// id, a flow id). A cache that holds a copy of it forgets that copy on every node.
/// </summary>
public sealed record CacheChange(string Area, string EnvironmentId, string? Key = null)
{
    /// <summary>An application (its secret, redirect URIs, flow binding, or the application itself) changed or went.</summary>
    public static CacheChange Application(string environmentId, string clientId) => new(CacheAreas.Application, environmentId, clientId);

    /// <summary>The version new sign-ins of a flow start on changed, or the flow went.</summary>
    public static CacheChange Flow(string environmentId, string flowId) => new(CacheAreas.Flow, environmentId, flowId);

    /// <summary>An upstream identity provider of the environment changed or went.</summary>
    public static CacheChange IdentityProvider(string environmentId, string providerId) => new(CacheAreas.IdentityProvider, environmentId, providerId);

    /// <summary>The environment's messaging settings (SMTP server, SMS gateway) changed.</summary>
    public static CacheChange Messaging(string environmentId) => new(CacheAreas.Messaging, environmentId);

    /// <summary>The environment changed, was created or deleted: everything cached of it is forgotten.</summary>
    public static CacheChange Environment(string environmentId) => new(CacheAreas.Environment, environmentId);

    /// <summary>The environment's signing or encryption keys changed.</summary>
    public static CacheChange Keys(string environmentId) => new(CacheAreas.Keys, environmentId);
}

/// <summary>The areas a <see cref="CacheChange"/> names.</summary>
public static class CacheAreas
{
    public const string Application = "application";
    public const string Flow = "flow";
    public const string Environment = "environment";
    public const string Keys = "keys";
    public const string IdentityProvider = "identityProvider";
    public const string Messaging = "messaging";
}
