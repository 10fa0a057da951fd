using System.Net;
using System.Net.Sockets;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Designer;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Designer;
using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The management server on a port chosen before it starts, so that the designer's sign-in (which needs the server's
/// public address for its authority and redirect URI) works over real HTTP; the designer revalidates its administrator
/// on every request.
/// </summary>
public class DesignerServerFixture : ManagementServerFixture
{
    private readonly int _port = FreeLoopbackPort();

    protected override int Port => _port;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(DesignerPublicUrl.Key, $"http://127.0.0.1:{_port}");
        builder.UseSetting("Flows:Designer:RevalidationInterval", "00:00:00");
    }

    /// <summary>Signs a browser in to the designer as a person does: the designer's challenge, the admin flow, the callback.</summary>
    public async Task SignInToDesignerAsync(Browser browser, string username, string password)
    {
        using var challenge = await browser.GetAsync(FlowsDesigner.BasePath + "/");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var callback = await SignIn.RunWithAuthenticatorAsync(browser, challenge.Headers.Location!.AbsoluteUri, username, password,
            Authenticators.For(BaseAddress, username), AdminEnvironment.Id);
        using var signedIn = await browser.GetAsync(callback.AbsoluteUri);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(FlowsDesigner.BasePath + "/", signedIn.Headers.Location!.OriginalString);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
