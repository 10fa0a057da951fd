using System.Reflection;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Support;
using Flows.AuthServer.Users;
using Flows.Engine.Instances;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The real server with two faults planted: the password hasher throws for <see cref="ExplodingPassword"/> (a step
/// that throws), and the flow instance store throws for ids that start with <see cref="ExplodingFlowId"/> (a
/// service that throws outside any step). Both exceptions carry <see cref="Secret"/>, which no response may show.
/// </summary>
public sealed class FaultyServerFixture : ServerFixture
{
    public const string Secret = "secret-internal-detail-3f9c";
    public const string ExplodingPassword = "explode-the-hasher";
    public const string ExplodingFlowId = "explode-";

    public ListLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IPasswordHasher<UserRecord>>(provider => new ExplodingHasher(
                PasswordHashing.CreateHasher(provider.GetRequiredService<IOptions<FlowsPasswordOptions>>().Value)));
            var store = services.Single(service => service.ServiceType == typeof(IFlowInstanceStore));
            services.Replace(ServiceDescriptor.Scoped<IFlowInstanceStore>(provider =>
                ExplodingStore.Around((IFlowInstanceStore)ActivatorUtilities.CreateInstance(provider, store.ImplementationType!))));
        });
    }

    private sealed class ExplodingHasher(IPasswordHasher<UserRecord> inner) : IPasswordHasher<UserRecord>
    {
        public string HashPassword(UserRecord user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(UserRecord user, string hashedPassword, string providedPassword) =>
            providedPassword == ExplodingPassword
                ? throw new InvalidOperationException(Secret)
                : inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }

    /// <summary>Forwards every call to the real store, but throws when asked for an exploding id.</summary>
    public class ExplodingStore : DispatchProxy
    {
        private IFlowInstanceStore _inner = null!;

        public static IFlowInstanceStore Around(IFlowInstanceStore inner)
        {
            var proxy = Create<IFlowInstanceStore, ExplodingStore>();
            ((ExplodingStore)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (args is [string id, ..] && id.StartsWith(ExplodingFlowId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(Secret);
            }

            try
            {
                return targetMethod!.Invoke(_inner, args);
            }
            catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
            {
                throw invocation.InnerException;
            }
        }
    }
}
