namespace Flows.AuthServer.SigningKeys;

/// <summary>The rotation of the environments' signing keys: on a schedule on every node, and on demand through <c>/v1</c>.</summary>
public static class SigningKeyRegistration
{
    public static IServiceCollection AddSigningKeyRotation(this IServiceCollection services)
    {
        services.AddSingleton<SigningKeyRotation>();
        services.AddScoped<SigningKeyService>();
        services.AddHostedService<SigningKeySchedule>();
        return services;
    }
}
