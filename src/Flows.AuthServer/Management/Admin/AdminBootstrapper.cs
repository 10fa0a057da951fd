using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Management.Admin;

/// <summary>
/// Creates the administrator (with both <see cref="ManagementRoles"/>) and the admin client of <see cref="AdminOptions"/>
/// in the admin environment when they are missing; what exists is left alone, whatever the configuration says now. Runs after
/// <see cref="EnvironmentBootstrapper"/>, which creates the environment, through the same importers.
/// </summary>
public sealed class AdminBootstrapper(
    IServiceScopeFactory scopes,
    IOptions<AdminOptions> options,
    OperatorConsole console,
    ILogger<AdminBootstrapper> logger)
{
    public const string ClientName = "Flows administration";

    private const string AdminId = AdminEnvironment.Id;

    public async Task<AdminBootstrapResult> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ServerDbContext>();
        var environment = await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == AdminId, cancellationToken)
            ?? throw new InvalidOperationException($"The '{AdminId}' environment does not exist; {nameof(EnvironmentBootstrapper)} must run first.");

        var result = new AdminBootstrapResult(
            await EnsureUserAsync(services, db, environment, cancellationToken),
            await EnsureClientAsync(services, db, environment, cancellationToken));
        if (result.CreatedAnything)
        {
            logger.LogInformation("{Summary}", result.Format(includeSecrets: false));
            if (result.HasGeneratedSecrets)
            {
                // Generated secrets go to the console once, never into the logs.
                console.Show(result.Format(includeSecrets: true));
            }
        }

        return result;
    }

    private async Task<ImportedUser?> EnsureUserAsync(
        IServiceProvider services, ServerDbContext db, EnvironmentRecord environment, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var entry = new EnvironmentFileUser
        {
            Username = settings.EffectiveUsername,
            Password = AdminOptions.Blank(settings.Password) ? null : settings.Password,
            Groups = ManagementRoles.All,
        };
        if (await UserExistsAsync(db, entry.Username, cancellationToken))
        {
            logger.LogInformation("The administrator '{Username}' exists already and was left as it is.", entry.Username);
            return null;
        }

        ThrowIfInvalid(services.GetRequiredService<EnvironmentFileValidator>().ValidateUser(entry));
        try
        {
            return await services.GetRequiredService<UserImporter>().CreateAsync(environment, entry, cancellationToken);
        }
        catch (DuplicateUsernameException)
        {
            // Another node starting on the same database created it a moment ago.
            return null;
        }
    }

    private async Task<ImportedApplication?> EnsureClientAsync(
        IServiceProvider services, ServerDbContext db, EnvironmentRecord environment, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var entry = new EnvironmentFileApplication
        {
            ClientId = settings.EffectiveClientId,
            ClientSecret = AdminOptions.Blank(settings.ClientSecret) ? null : settings.ClientSecret,
            Name = ClientName,
            Type = ClientTypes.Confidential,
            GrantTypes = [GrantTypes.ClientCredentials],
            Scopes = [ManagementScopes.Read, ManagementScopes.Write],
        };
        if (await ClientExistsAsync(db, entry.ClientId, cancellationToken))
        {
            logger.LogInformation("The admin client '{ClientId}' exists already and was left as it is.", entry.ClientId);
            return null;
        }

        ThrowIfInvalid(services.GetRequiredService<EnvironmentFileValidator>().ValidateApplication(AdminId, entry, new HashSet<string>()));
        try
        {
            return await services.GetRequiredService<ApplicationImporter>().CreateAsync(environment, entry, cancellationToken);
        }
        catch (Exception exception) when (exception is DbUpdateException or OpenIddictExceptions.ValidationException)
        {
            // Another node starting on the same database created it a moment ago; anything else is a real error.
            if (await ClientExistsAsync(db, entry.ClientId, cancellationToken))
            {
                return null;
            }

            throw;
        }
    }

    private static Task<bool> UserExistsAsync(ServerDbContext db, string username, CancellationToken cancellationToken)
    {
        var normalized = Usernames.Normalize(username);
        return db.Users.AnyAsync(u => u.EnvironmentId == AdminId && u.NormalizedUsername == normalized, cancellationToken);
    }

    private static Task<bool> ClientExistsAsync(ServerDbContext db, string clientId, CancellationToken cancellationToken) =>
        db.Applications.AnyAsync(a => a.EnvironmentId == AdminId && a.ClientId == clientId, cancellationToken);

    /// <summary>The messages name the setting's field, never its value: a rejected password must not reach the logs.</summary>
    private static void ThrowIfInvalid(IReadOnlyList<FieldProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"{AdminOptions.Section} cannot be applied: {string.Join("; ", problems.Select(p => p.Message))}.");
        }
    }
}
