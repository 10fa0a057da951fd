using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Conventions;
using Flows.Designer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Flows.AuthServer.Hosting;

/// <summary>Tells whoever started the server where to point a browser for a first sign-in.</summary>
public static class StartupBanner
{
    public static void PrintWhenStarted(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return;
        }

        var catalog = app.Services.GetRequiredService<EnvironmentCatalog>();
        var demo = catalog.FindAsync(DemoEnvironmentId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        Console.Out.WriteLine($"Flows is listening on {address}");
        if (demo is not null)
        {
            Console.Out.WriteLine($"  Try a sign-in:   {address}/{DemoEnvironmentId}/try   (generated passwords were shown once when the demo environment was created)");
            Console.Out.WriteLine($"  Demo issuer:     {address}/{DemoEnvironmentId}/as/.well-known/openid-configuration");
        }

        Console.Out.WriteLine($"  Designer:        {address}{FlowsDesigner.BasePath}   (the administrator of the admin environment signs in; the first sign-in adds an authenticator app)");
        Console.Out.WriteLine($"  Management API:  {address}{ManagementOpenApi.ReferencePath}   (bearer tokens from {address}/admin/as/token)");
    });

    private const string DemoEnvironmentId = "demo";
}
