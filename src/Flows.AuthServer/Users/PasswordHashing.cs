using System.Security.Cryptography;
using Flows.AuthServer.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Users;

/// <summary>
/// Hashes and verifies passwords with ASP.NET Core Identity's V3 format (PBKDF2-HMAC-SHA512, salted), at
/// the configured iteration count. Every hash records its own count, so raising it upgrades old hashes lazily.
/// Hashes run on <see cref="HashingThreads"/>, as many as there are slots (the cores, by default): more would only
/// share the same cores more slowly, and a crowd signing in would take every thread from the requests that hash nothing.
/// </summary>
public sealed class PasswordHashing : IDisposable
{
    // Identity's hasher never reads the user; this stands in where there is none.
    private static readonly UserRecord NoUser = new() { Id = "", EnvironmentId = "", Username = "", NormalizedUsername = "" };

    private readonly IPasswordHasher<UserRecord> _hasher;
    private readonly string _dummyHash;
    private readonly HashingThreads _threads;

    public PasswordHashing(IPasswordHasher<UserRecord> hasher, int slots = 0)
    {
        _hasher = hasher;
        Slots = slots > 0 ? slots : Environment.ProcessorCount;
        _threads = new HashingThreads(Slots);

        // Made once, now, with the current count: verifying against it costs what a real verification costs.
        _dummyHash = _hasher.HashPassword(NoUser, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>How many hashes may run at once.</summary>
    public int Slots { get; }

    /// <summary>Identity's hasher writing V3 hashes at the configured count: what the container gives <see cref="PasswordHashing"/>.</summary>
    public static PasswordHasher<UserRecord> CreateHasher(FlowsPasswordOptions options) => new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = options.Iterations,
    }));

    public Task<string> HashAsync(UserRecord user, string password, CancellationToken cancellationToken) =>
        InSlotAsync(() => _hasher.HashPassword(user, password), cancellationToken);

    /// <summary>Verifies a password; <c>SuccessRehashNeeded</c> when the hash has fewer iterations than configured.</summary>
    public Task<PasswordVerificationResult> VerifyAsync(UserRecord user, string hash, string password, CancellationToken cancellationToken) =>
        InSlotAsync(() => _hasher.VerifyHashedPassword(user, hash, password), cancellationToken);

    /// <summary>
    /// Spends the time of one verification without a user, so an unknown username, or a locked account, answers as
    /// slowly as a password that was checked.
    /// </summary>
    public Task SpendOneVerificationAsync(string password, CancellationToken cancellationToken) =>
        InSlotAsync(() => _hasher.VerifyHashedPassword(NoUser, _dummyHash, password), cancellationToken);

    public void Dispose() => _threads.Dispose();

    // Waiting for a hashing thread holds no request thread.
    private Task<T> InSlotAsync<T>(Func<T> hashing, CancellationToken cancellationToken) => _threads.RunAsync(hashing, cancellationToken);
}
