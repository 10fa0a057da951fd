using Flows.AuthServer.Protocol;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// What the registrations say of a type against what the container does with it: a type is a singleton exactly when
/// two scopes get the same instance, for every handler and filter of the server, and whatever order, keys or
/// duplicates the registrations have.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RegisteredLifetimesTests(ServerFixture server)
{
    [Fact]
    public async Task Every_handler_and_filter_of_the_server_is_a_singleton_exactly_when_the_container_shares_it()
    {
        var lifetimes = new RegisteredLifetimes(server.RegisteredServices);
        var types = server.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.Handlers
            .SelectMany(descriptor => descriptor.FilterTypes.Append(descriptor.ServiceDescriptor.ServiceType))
            .Distinct()
            .ToList();

        var shared = new List<Type>();
        foreach (var type in types)
        {
            var isShared = await IsSharedAsync(server.Services, type);
            Assert.Equal((type, isShared), (type, lifetimes.IsSingleton(type)));
            if (isShared)
            {
                shared.Add(type);
            }
        }

        Assert.True(shared.Count > 100 && shared.Count < types.Count, "both lifetimes are compared");
    }

    [Theory]
    [InlineData(ServiceLifetime.Singleton, ServiceLifetime.Scoped)]
    [InlineData(ServiceLifetime.Scoped, ServiceLifetime.Singleton)]
    [InlineData(ServiceLifetime.Transient, ServiceLifetime.Singleton)]
    [InlineData(ServiceLifetime.Singleton, ServiceLifetime.Transient)]
    public async Task A_type_registered_twice_has_the_lifetime_of_its_last_registration(ServiceLifetime first, ServiceLifetime last)
    {
        IServiceCollection services = new ServiceCollection();
        services.Add(new ServiceDescriptor(typeof(Probe), typeof(Probe), first));
        services.Add(new ServiceDescriptor(typeof(Probe), typeof(Probe), last));

        await using var container = services.BuildServiceProvider();

        Assert.Equal(await IsSharedAsync(container, typeof(Probe)), new RegisteredLifetimes(services).IsSingleton(typeof(Probe)));
        Assert.Equal(last == ServiceLifetime.Singleton, new RegisteredLifetimes(services).IsSingleton(typeof(Probe)));
    }

    [Fact]
    public async Task A_keyed_singleton_does_not_make_the_unkeyed_registration_a_singleton()
    {
        var services = new ServiceCollection();
        services.AddScoped<Probe>();
        services.AddKeyedSingleton<Probe>("key");

        await using var container = services.BuildServiceProvider();

        Assert.False(await IsSharedAsync(container, typeof(Probe)));
        Assert.False(new RegisteredLifetimes(services).IsSingleton(typeof(Probe)));
    }

    [Fact]
    public void A_type_never_registered_is_no_singleton()
    {
        Assert.False(new RegisteredLifetimes(new ServiceCollection()).IsSingleton(typeof(Probe)));
    }

    /// <summary>Whether two scopes get one and the same instance, as they do only of a singleton.</summary>
    private static async Task<bool> IsSharedAsync(IServiceProvider container, Type type)
    {
        await using var one = container.CreateAsyncScope();
        await using var two = container.CreateAsyncScope();
        var first = one.ServiceProvider.GetService(type);
        return first is not null && ReferenceEquals(first, two.ServiceProvider.GetService(type));
    }

    private sealed class Probe;
}
