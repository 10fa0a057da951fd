using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Protocol.Handlers;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.Server;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// The one option behind every speed-up: on, the server runs all of them; off, OpenIddict's own services and no cache.
/// The protocol tests run once with the option as the environment variable <see cref="Variable"/> sets it (on when unset)
/// and once off (scripts/test.sh), so this also tells which of the two runs a test run was.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ProtocolAccelerationTests(ServerFixture server)
{
    /// <summary>The option as an environment variable, which ASP.NET Core's configuration reads.</summary>
    public const string Variable = "Flows__Protocol__Accelerate";

    [Fact]
    public void The_server_runs_the_speed_ups_exactly_when_the_option_is_on()
    {
        var accelerate = server.Services.GetRequiredService<IOptions<ProtocolAccelerationOptions>>().Value.Accelerate;
        using var scope = server.Services.CreateScope();
        var handlers = server.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.Handlers
            .Select(descriptor => descriptor.ServiceDescriptor.ServiceType)
            .ToList();

        Assert.Equal(
            accelerate ? typeof(IndexedServerDispatcher) : typeof(OpenIddictServerDispatcher),
            scope.ServiceProvider.GetRequiredService<IOpenIddictServerDispatcher>().GetType());
        Assert.Equal((accelerate, !accelerate), (handlers.Contains(typeof(InferEndpointTypeOnce)), handlers.Contains(typeof(OpenIddictServerHandlers.InferEndpointType))));
        Assert.Equal(
            accelerate ? typeof(FlowsApplicationManager) : typeof(OpenIddictApplicationManager<FlowsApplication>),
            scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().GetType());
        Assert.Equal(accelerate, server.Services.GetRequiredService<ApplicationCache>().Enabled);
        Assert.Equal(accelerate, server.Services.GetService<RegisteredLifetimes>() is not null);
    }

    [Fact]
    public void The_option_is_the_one_the_test_runs_environment_gives_and_on_by_default()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);

        Assert.Equal(configured is null || bool.Parse(configured), server.Services.GetRequiredService<IOptions<ProtocolAccelerationOptions>>().Value.Accelerate);
        Assert.True(new ProtocolAccelerationOptions().Accelerate);
    }
}
