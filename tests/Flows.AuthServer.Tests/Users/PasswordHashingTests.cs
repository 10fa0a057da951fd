using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Support;
using Flows.AuthServer.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Tests.Users;

/// <summary>The production hashing cost and format, measured at the default options.</summary>
public sealed class PasswordHashingTests
{
    private static readonly UserRecord User = new() { Id = "u", EnvironmentId = "e", Username = "alice", NormalizedUsername = "ALICE" };

    [Fact]
    public void Without_configuration_hashes_are_identity_v3_with_hmac_sha512_and_210000_iterations()
    {
        var services = new ServiceCollection()
            .AddFlowsUsers(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<FlowsPasswordOptions>>();
        var hashing = services.GetRequiredService<PasswordHashing>();

        var hash = hashing.Hash(User, TestEnvironments.Password);

        Assert.Equal(210_000, options.Value.Iterations);
        Assert.Equal((IdentityHashes.V3Marker, IdentityHashes.HmacSha512, 210_000), IdentityHashes.Header(hash));
        Assert.Equal(PasswordVerificationResult.Success, hashing.Verify(User, hash, TestEnvironments.Password));
    }

    [Fact]
    public void A_hash_of_fewer_iterations_verifies_but_asks_for_a_rehash()
    {
        var weak = HashingAt(100).Hash(User, TestEnvironments.Password);
        var hashing = HashingAt(ServerServices.TestIterations);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, hashing.Verify(User, weak, TestEnvironments.Password));
        Assert.Equal(PasswordVerificationResult.Failed, hashing.Verify(User, weak, "wrong password"));
    }

    private static PasswordHashing HashingAt(int iterations) =>
        new(PasswordHashing.CreateHasher(new FlowsPasswordOptions { Iterations = iterations }));
}
