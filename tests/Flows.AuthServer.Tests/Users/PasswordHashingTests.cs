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
    public async Task Without_configuration_hashes_are_identity_v3_with_hmac_sha512_and_210000_iterations()
    {
        var services = new ServiceCollection()
            .AddFlowsUsers(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<FlowsPasswordOptions>>();
        var hashing = services.GetRequiredService<PasswordHashing>();

        var hash = await hashing.HashAsync(User, TestEnvironments.Password, CancellationToken.None);

        Assert.Equal(210_000, options.Value.Iterations);
        Assert.Equal((IdentityHashes.V3Marker, IdentityHashes.HmacSha512, 210_000), IdentityHashes.Header(hash));
        Assert.Equal(PasswordVerificationResult.Success, await hashing.VerifyAsync(User, hash, TestEnvironments.Password, CancellationToken.None));
    }

    [Fact]
    public async Task A_hash_of_fewer_iterations_verifies_but_asks_for_a_rehash()
    {
        var weak = await HashingAt(100).HashAsync(User, TestEnvironments.Password, CancellationToken.None);
        var hashing = HashingAt(ServerServices.TestIterations);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, await hashing.VerifyAsync(User, weak, TestEnvironments.Password, CancellationToken.None));
        Assert.Equal(PasswordVerificationResult.Failed, await hashing.VerifyAsync(User, weak, "wrong password", CancellationToken.None));
    }

    [Fact]
    public async Task No_more_hashes_run_at_once_than_there_are_slots()
    {
        var hasher = new OverlapMeasuringHasher(PasswordHashing.CreateHasher(new FlowsPasswordOptions { Iterations = 100 }));
        var hashing = new PasswordHashing(hasher, slots: 2);
        var hash = await hashing.HashAsync(User, TestEnvironments.Password, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
            hashing.VerifyAsync(User, hash, TestEnvironments.Password, CancellationToken.None))));

        Assert.Equal(2, hasher.MostAtOnce);
    }

    [Fact]
    public void Without_configuration_there_is_one_slot_per_core()
    {
        var services = new ServiceCollection()
            .AddFlowsUsers(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        Assert.Equal(0, services.GetRequiredService<IOptions<FlowsPasswordOptions>>().Value.ConcurrentHashes);
        Assert.Equal(Environment.ProcessorCount, services.GetRequiredService<PasswordHashing>().Slots);
    }

    [Fact]
    public async Task Hashes_run_on_threads_of_their_own_at_a_lower_priority_than_requests()
    {
        // Read from Linux's /proc: the server's platform, and the one niceness is set on.
        using var hashing = new PasswordHashing(PasswordHashing.CreateHasher(new FlowsPasswordOptions { Iterations = 100 }), slots: 1);
        await hashing.HashAsync(User, TestEnvironments.Password, CancellationToken.None); // the thread has run, so it has lowered itself

        var hashingThreads = Directory.EnumerateDirectories("/proc/self/task")
            .Where(task => ReadIfStillThere(Path.Combine(task, "comm"))?.StartsWith("password hashi", StringComparison.Ordinal) == true)
            .Select(task => ReadIfStillThere(Path.Combine(task, "stat")))
            .OfType<string>()
            .Select(NicenessOf)
            .ToList();

        Assert.NotEmpty(hashingThreads);
        Assert.All(hashingThreads, nice => Assert.Equal(10, nice));
        Assert.Equal(0, NicenessOf(File.ReadAllText("/proc/thread-self/stat")));
    }

    // Other tests' servers end meanwhile, and their threads with them.
    private static string? ReadIfStillThere(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // /proc/<pid>/task/<tid>/stat: after the command in parentheses, field 19 is the niceness.
    private static int NicenessOf(string stat) => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);

    /// <summary>Holds each verification a moment and records how many overlapped.</summary>
    private sealed class OverlapMeasuringHasher(IPasswordHasher<UserRecord> inner) : IPasswordHasher<UserRecord>
    {
        private int _running;
        private int _mostAtOnce;

        public int MostAtOnce => _mostAtOnce;

        public string HashPassword(UserRecord user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(UserRecord user, string hashedPassword, string providedPassword)
        {
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostAtOnce, running);
            Thread.Sleep(30);
            Interlocked.Decrement(ref _running);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    private static PasswordHashing HashingAt(int iterations) =>
        new(PasswordHashing.CreateHasher(new FlowsPasswordOptions { Iterations = iterations }));
}
