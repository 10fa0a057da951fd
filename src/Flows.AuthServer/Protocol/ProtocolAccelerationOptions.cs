namespace Flows.AuthServer.Protocol;

/// <summary>
/// Whether the server's speed-ups replace OpenIddict internals: configuration section <c>Flows:Protocol</c>, key
/// <c>Accelerate</c> (default on). Off, OpenIddict runs as shipped: its own dispatcher and endpoint inference, every
/// client secret verified against its stored hash, every application read from the database.
/// </summary>
public sealed class ProtocolAccelerationOptions
{
    public const string Section = "Flows:Protocol";

    /// <summary>The indexed dispatcher, the remembered endpoint inference, and the application and verified-secret caches.</summary>
    public bool Accelerate { get; set; } = true;

    /// <summary>The options as configured; read when the services are registered, since they decide which are.</summary>
    public static ProtocolAccelerationOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ProtocolAccelerationOptions>() ?? new();
}
