using Flows.AuthServer.Data;

namespace Flows.AuthServer.Environments;

/// <summary>
/// The environment the current request (or background task) works in. Requests get it from their path;
/// start-up work such as an import sets it with <see cref="Use"/>.
/// </summary>
public sealed class EnvironmentContext(IHttpContextAccessor http)
{
    private static readonly AsyncLocal<EnvironmentRecord?> Override = new();

    /// <summary>The current environment, or null outside of any.</summary>
    public EnvironmentRecord? Current => Override.Value ?? http.HttpContext?.Features.Get<EnvironmentFeature>()?.Environment;

    /// <summary>The current environment; throws where code must not run outside one.</summary>
    public EnvironmentRecord Required =>
        Current ?? throw new InvalidOperationException("This operation needs an environment and none is current.");

    /// <summary>Makes an environment current until the returned scope is disposed.</summary>
    public static IDisposable Use(EnvironmentRecord environment)
    {
        var previous = Override.Value;
        Override.Value = environment;
        return new Restore(previous);
    }

    private sealed class Restore(EnvironmentRecord? previous) : IDisposable
    {
        public void Dispose() => Override.Value = previous;
    }
}

/// <summary>The environment a request's path names, set by <see cref="EnvironmentPathMiddleware"/>.</summary>
public sealed record EnvironmentFeature(EnvironmentRecord Environment);
