using Flows.Engine.Hosting;

namespace Flows.AuthServer.Invalidation;

/// <summary>
/// The change signal for the configured database: on PostgreSQL, LISTEN/NOTIFY between the nodes sharing it; on
/// SQLite (one node), this process only. Each cache registers itself as an <see cref="IInvalidatedCache"/>.
/// </summary>
public static class InvalidationRegistration
{
    public static IServiceCollection AddCacheInvalidation(this IServiceCollection services, FlowsDatabaseOptions database)
    {
        services.AddSingleton<LocalCaches>();
        if (string.Equals(database.Provider, FlowsDatabaseProviders.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton(_ => new PostgreSqlChangeChannel(database.ConnectionString));
            services.AddSingleton<PostgreSqlChangeListener>();
            services.AddHostedService(provider => provider.GetRequiredService<PostgreSqlChangeListener>());
            services.AddSingleton<IChangeSignal, PostgreSqlChangeSignal>();
        }
        else
        {
            services.AddSingleton<IChangeSignal, LocalChangeSignal>();
        }

        return services;
    }
}
