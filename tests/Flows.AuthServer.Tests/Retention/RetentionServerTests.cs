using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Instances;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Retention;

/// <summary>
/// The running server purges on its own: a server whose sessions, flows and retention last one second forgets an
/// abandoned anonymous sign-in within seconds.
/// </summary>
public sealed class RetentionServerTests(RetentionServerTests.ShortRetentionServer server) : IClassFixture<RetentionServerTests.ShortRetentionServer>
{
    [Fact]
    public async Task An_abandoned_anonymous_authorize_leaves_neither_its_session_nor_its_flow_behind()
    {
        using var browser = new Browser(server.BaseAddress);
        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var flowId = QueryHelpers.ParseQuery(new Uri(server.BaseAddress, response.Headers.Location!).Query)["flowId"].ToString();
        Assert.True(await StoredAsync(flowId));

        // The flow and the session are purged by separate passes; under load the second may come a moment later.
        for (var attempt = 0; attempt < 100 && (await StoredAsync(flowId) || await SessionCountAsync() > 0); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.False(await StoredAsync(flowId));
        Assert.Equal(0, await SessionCountAsync());
    }

    private async Task<int> SessionCountAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Sessions.CountAsync();
    }

    private async Task<bool> StoredAsync(string flowId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>().FindAsync(flowId, CancellationToken.None) is not null;
    }

    /// <summary>The test server with sessions, idle flows, every retention and the purge's interval at one second.</summary>
    public sealed class ShortRetentionServer : ServerFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Flows:Sessions:Lifetime", "00:00:01");
            builder.UseSetting("Flows:Engine:IdleTimeout", "00:00:01");
            foreach (var key in new[] { "FlowInstances", "Sessions", "Tokens", "Interval" })
            {
                builder.UseSetting($"Flows:Retention:{key}", "00:00:01");
            }
        }
    }
}
