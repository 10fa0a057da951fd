using Flows.Activities.Users;

namespace Flows.AuthServer.UserSchemas;

/// <summary>Registers the environments' user schemas: the service <c>/v1</c> calls and the profiles the activities use.</summary>
public static class UserSchemaRegistration
{
    public static IServiceCollection AddUserSchemas(this IServiceCollection services)
    {
        services.AddScoped<UserSchemaService>();
        services.AddScoped<IUserProfiles, UserProfiles>();
        return services;
    }
}
