using Flows.AuthServer.Environments;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Provisioning;

/// <summary>
/// Start-up work after the migrations: makes sure the admin environment exists and signs in with a second factor
/// (<see cref="AdminDefaultFlowUpgrade"/>), then imports every configured environment file. What it creates is
/// logged once, with the secrets generated for it.
/// </summary>
public sealed class EnvironmentBootstrapper(
    IServiceScopeFactory scopes,
    IOptions<EnvironmentImportOptions> options,
    OperatorConsole console,
    ILogger<EnvironmentBootstrapper> logger)
{
    public const string AdminEnvironmentName = "Administration";

    /// <summary>Administrators administer everything: they sign in with a password and an authenticator, enrolled at the first sign-in.</summary>
    public const string AdminDefaultFlow = "password-then-otp-required";

    /// <summary>The admin environment's default before it required a second factor (see <see cref="AdminDefaultFlowUpgrade"/>).</summary>
    public const string FormerAdminDefaultFlow = "username-password";

    /// <summary>The administrators' environment: the designer and management API sign in through it.</summary>
    public static readonly EnvironmentFile AdminEnvironment = new()
    {
        Id = Administration.AdminEnvironment.Id,
        Name = AdminEnvironmentName,
        DefaultFlow = AdminDefaultFlow,
    };

    /// <summary>Runs the start-up imports; an invalid file stops start-up with an <see cref="EnvironmentImportException"/>.</summary>
    public async Task<IReadOnlyList<EnvironmentImportResult>> RunAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<EnvironmentImportResult> { await ImportAsync(AdminEnvironment, cancellationToken) };
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdminDefaultFlowUpgrade>().RunAsync(cancellationToken);
        }

        foreach (var path in options.Value.Files)
        {
            var file = await EnvironmentFileReader.ReadAsync(path, cancellationToken);
            try
            {
                results.Add(await ImportAsync(file, cancellationToken));
            }
            catch (EnvironmentImportException exception)
            {
                // Name the file, which is what the operator has to fix.
                throw new EnvironmentImportException(path, exception.Problems);
            }
        }

        return results;
    }

    private async Task<EnvironmentImportResult> ImportAsync(EnvironmentFile file, CancellationToken cancellationToken)
    {
        // A scope per import: one import's tracked entities never leak into the next.
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<EnvironmentImporter>().ImportAsync(file, cancellationToken);
        if (result.Created)
        {
            logger.LogInformation("{Summary}", EnvironmentImportSummary.Format(result, includeSecrets: false));
            if (EnvironmentImportSummary.HasGeneratedSecrets(result))
            {
                // Generated secrets go to the console once, never into the logs.
                console.Show(EnvironmentImportSummary.Format(result));
            }
        }

        return result;
    }
}
