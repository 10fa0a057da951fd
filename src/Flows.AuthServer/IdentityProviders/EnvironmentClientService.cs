using OpenIddict.Client;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// OpenIddict's client service, with registrations found per environment in the database instead of the options, which
/// are fixed at start-up: the registration id in a challenge or in a returning state token names the environment and
/// the provider (<see cref="IdentityProviderRegistrations.IdOf"/>).
/// </summary>
public sealed class EnvironmentClientService(IServiceProvider services) : OpenIddictClientService(services)
{
    public override async ValueTask<OpenIddictClientRegistration> GetClientRegistrationByIdAsync(string identifier, CancellationToken cancellationToken = default) =>
        await FindAsync(identifier, cancellationToken);

    public override async ValueTask<OpenIddictClientRegistration> GetClientRegistrationByProviderNameAsync(string name, CancellationToken cancellationToken = default) =>
        await FindAsync(name, cancellationToken);

    private IServiceProvider ServiceProvider { get; } = services;

    private async Task<OpenIddictClientRegistration> FindAsync(string identifier, CancellationToken cancellationToken)
    {
        if (IdentityProviderRegistrations.Parse(identifier) is { } names
            && await ServiceProvider.GetRequiredService<IdentityProviderCache>().FindAsync(names.EnvironmentId, names.ProviderId, cancellationToken) is { } found)
        {
            return found.Registration;
        }

        // OpenIddict turns a registration it cannot find into a rejected request; it is never a provider we serve.
        throw new InvalidOperationException("The identity provider does not exist.");
    }
}
