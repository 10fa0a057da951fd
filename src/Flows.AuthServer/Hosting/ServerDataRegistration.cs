using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Flows.Engine.Hosting;
using Flows.Engine.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Hosting;

/// <summary>
/// Registers the server's database context on the configured provider, Data Protection keys in it, and the channel
/// cache invalidations travel on.
/// </summary>
public static class ServerDataRegistration
{
    /// <summary>
    /// <paramref name="configuration"/> may name the certificate that encrypts the Data Protection keys
    /// (<see cref="DataProtectionCertificateOptions"/>).
    /// </summary>
    public static IServiceCollection AddServerData(this IServiceCollection services, FlowsDatabaseOptions database, IConfiguration? configuration = null)
    {
        if (string.Equals(database.Provider, FlowsDatabaseProviders.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            services.AddDbContextPool<PostgreSqlServerDbContext>(options => options.UseNpgsql(
                database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(ServerDbContext.MigrationsHistoryTable)));
            services.AddScoped<ServerDbContext>(provider => provider.GetRequiredService<PostgreSqlServerDbContext>());
        }
        else
        {
            services.AddDbContextPool<SqliteServerDbContext>(options => options
                .UseSqlite(database.ConnectionString, sqlite => sqlite.MigrationsHistoryTable(ServerDbContext.MigrationsHistoryTable))
                .AddInterceptors(new SqlitePragmas()));
            services.AddScoped<ServerDbContext>(provider => provider.GetRequiredService<SqliteServerDbContext>());
        }

        // Keys in the database: cookies, antiforgery tokens and protected secrets survive restarts and are
        // shared by every node on the same database.
        var dataProtection = services.AddDataProtection().SetApplicationName("Flows").PersistKeysToDbContext<ServerDbContext>();

        // Encrypted with the certificate, a stolen database (or backup) does not give away the keys that protect the
        // cookies, the signing keys and the authenticator keys. Without one, ASP.NET Core's own start-up warning says
        // the keys are stored unencrypted.
        if (configuration?.GetSection(DataProtectionCertificateOptions.Section).Get<DataProtectionCertificateOptions>()?.Load() is { } certificate)
        {
            // Decryption is given the certificate too: otherwise it looks only in the machine's certificate stores.
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        // What one node changes, every node's caches forget: over PostgreSQL when the nodes share one.
        services.AddCacheInvalidation(database);
        return services;
    }

    /// <summary>Creates or upgrades the engine's and the server's tables.</summary>
    public static async Task MigrateServerDataAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await FlowsDatabase.MigrateAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Database.MigrateAsync(cancellationToken);
    }
}
