using Flows.AuthServer.Data;

namespace Flows.AuthServer.Environments;

/// <summary>
/// The environment one DI scope works in, entered once: by <see cref="EnvironmentPathMiddleware"/> for a request
/// under <c>/{env}</c>, or by whoever owns the scope (an import, a bootstrapper, a management call) before it resolves
/// OpenIddict's managers. Scoped, never ambient: a scope that entered no environment has none.
/// </summary>
public sealed class EnvironmentContext
{
    /// <summary>The message of every store that is used in a scope without an environment.</summary>
    public const string NoEnvironment =
        "This operation needs an environment and its scope entered none: enter one with EnvironmentContext.Enter, or create the scope with IServiceScopeFactory.CreateEnvironmentScope.";

    /// <summary>The scope's environment, or null when it entered none.</summary>
    public EnvironmentRecord? Current { get; private set; }

    /// <summary>The scope's environment; throws where code must not run outside one.</summary>
    public EnvironmentRecord Required => Current ?? throw new InvalidOperationException(NoEnvironment);

    /// <summary>
    /// Makes <paramref name="environment"/> the scope's environment. Entering the same one again changes nothing;
    /// another one throws: a scope's stores, caches and OpenIddict options belong to one environment.
    /// </summary>
    public void Enter(EnvironmentRecord environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Current is { } current && current.Id != environment.Id)
        {
            throw new InvalidOperationException(
                $"This scope works in environment '{current.Id}' and cannot enter '{environment.Id}': create a scope for each environment.");
        }

        Current ??= environment;
    }
}

/// <summary>Scopes created for one environment, for work outside a request.</summary>
public static class EnvironmentScopes
{
    /// <summary>A new DI scope whose <see cref="EnvironmentContext"/> has entered <paramref name="environment"/>.</summary>
    public static AsyncServiceScope CreateEnvironmentScope(this IServiceScopeFactory scopes, EnvironmentRecord environment)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(environment);
        return scope;
    }
}
