using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Persistence;
using Flows.Engine.Runtime;
using Flows.Engine.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flows.Engine.Hosting;

/// <summary>The one registration call that puts the engine, its stores and an activity catalog into a container.</summary>
public static class FlowsEngineServiceCollectionExtensions
{
    public static IServiceCollection AddFlowsEngine(
        this IServiceCollection services,
        FlowsDatabaseOptions database,
        IEnumerable<Type> activityTypes,
        Action<FlowEngineOptions>? configure = null)
    {
        services.AddOptions<FlowEngineOptions>().Configure(options => configure?.Invoke(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ActivityRegistry(activityTypes));
        services.AddSingleton<FlowDefinitionValidator>();
        services.AddSingleton<FlowDefinitionCache>();
        services.AddScoped<ActivityFactory>();
        services.AddScoped<FlowRunner>();
        services.AddScoped<FlowPublisher>();
        services.AddScoped<IFlowInstanceStore, EfFlowInstanceStore>();
        services.AddScoped<IFlowFunnelReader, EfFlowFunnelReader>();
        services.AddScoped<IFlowDefinitionStore, EfFlowDefinitionStore>();
        AddDatabase(services, database);
        return services;
    }

    private static void AddDatabase(IServiceCollection services, FlowsDatabaseOptions database)
    {
        if (string.Equals(database.Provider, FlowsDatabaseProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            services.AddPooledDbContextFactory<SqliteFlowsDbContext>(options => options
                .UseSqlite(database.ConnectionString)
                .AddInterceptors(new SqlitePragmas()));
            services.AddSingleton<IDbContextFactory<FlowsDbContext>, FlowsDbContextFactory<SqliteFlowsDbContext>>();
        }
        else if (string.Equals(database.Provider, FlowsDatabaseProviders.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            services.AddPooledDbContextFactory<PostgreSqlFlowsDbContext>(options => options.UseNpgsql(database.ConnectionString));
            services.AddSingleton<IDbContextFactory<FlowsDbContext>, FlowsDbContextFactory<PostgreSqlFlowsDbContext>>();
        }
        else
        {
            throw new ArgumentException(
                $"Unknown database provider '{database.Provider}' in {FlowsDatabaseOptions.Section}:Provider; " +
                $"use '{FlowsDatabaseProviders.Sqlite}' or '{FlowsDatabaseProviders.PostgreSql}'.");
        }
    }
}
