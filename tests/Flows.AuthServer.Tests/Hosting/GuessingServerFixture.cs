using Flows.AuthServer.Data;
using Flows.AuthServer.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The real server with default lockout settings and a <see cref="CountingPasswordHasher"/>, for tests that
/// guess passwords and codes over HTTP. Each test creates the users it attacks, so that locks never meet.
/// </summary>
public class GuessingServerFixture : ServerFixture
{
    /// <summary>FlowsLockoutOptions' defaults: wrong passwords, and wrong codes, that lock.</summary>
    public const int MaxFailedAttempts = 5;
    public const int MaxFailedOtpAttempts = 5;

    public CountingPasswordHasher Hasher => (CountingPasswordHasher)Services.GetRequiredService<IPasswordHasher<UserRecord>>();

    /// <summary>Creates a user of the test environment with the password <see cref="PasswordOf"/> and, when given, an authenticator.</summary>
    public async Task<UserRecord> CreateUserAsync(string prefix, string? totpSecret = null)
    {
        var username = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(
            TestEnvironment.Id, new NewUser(username) { Password = PasswordOf(username), TotpSecret = totpSecret }, CancellationToken.None);
    }

    public static string PasswordOf(string username) => $"{username}-password";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<UserRecord>>(provider =>
            new CountingPasswordHasher(PasswordHashing.CreateHasher(provider.GetRequiredService<IOptions<FlowsPasswordOptions>>().Value))));
    }
}
