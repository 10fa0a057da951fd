using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Environments;

/// <summary>
/// Start-up work after the migrations: makes sure the admin environment exists, then imports every
/// configured environment file. What it creates is logged once, with the secrets generated for it.
/// </summary>
public sealed class EnvironmentBootstrapper(
    IServiceScopeFactory scopes,
    IOptions<EnvironmentImportOptions> options,
    OperatorConsole console,
    ILogger<EnvironmentBootstrapper> logger)
{
    public const string AdminEnvironmentId = "admin";
    public const string AdminEnvironmentName = "Administration";
    public const string AdminDefaultFlow = "username-password";

    /// <summary>The administrators' environment: the designer and management API sign in through it.</summary>
    public static readonly EnvironmentFile AdminEnvironment = new()
    {
        Id = AdminEnvironmentId,
        Name = AdminEnvironmentName,
        DefaultFlow = AdminDefaultFlow,
    };

    /// <summary>Runs the start-up imports; an invalid file stops start-up with an <see cref="EnvironmentImportException"/>.</summary>
    public async Task<IReadOnlyList<EnvironmentImportResult>> RunAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<EnvironmentImportResult> { await ImportAsync(AdminEnvironment, cancellationToken) };
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
