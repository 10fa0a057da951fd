using System.Net;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Operations;

/// <summary>The scrape endpoint exists only where configuration puts it.</summary>
[Collection(ServerCollection.Name)]
public sealed class ScrapeEndpointConfigurationTests(ServerFixture server)
{
    [Fact]
    public async Task Without_configuration_there_is_no_scrape_endpoint()
    {
        using var http = server.CreateRawClient();

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task With_a_scrape_port_the_endpoint_does_not_answer_on_another_port()
    {
        var portBound = new PortBoundScrapeServer();
        await ((IAsyncLifetime)portBound).InitializeAsync();
        try
        {
            using var http = portBound.CreateRawClient();

            using var response = await http.GetAsync("/metrics");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)portBound).DisposeAsync();
        }
    }

    private sealed class PortBoundScrapeServer : ServerFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Flows:Telemetry:Prometheus:Enabled", "true");

            // A port the server does not listen on: no request can arrive there.
            builder.UseSetting("Flows:Telemetry:Prometheus:Port", "1");
        }
    }
}
