namespace Flows.AuthServer.Management.Admin;

/// <summary>
/// Runs <see cref="AdminBootstrapper"/> when the host starts: after Program's start-up imports (the admin
/// environment exists by then) and before the server takes requests. A failure stops start-up.
/// </summary>
public sealed class AdminBootstrapService(AdminBootstrapper bootstrapper) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => bootstrapper.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
