using System.Security.Cryptography;
using Flows.AuthServer.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Users;

/// <summary>
/// Hashes and verifies passwords with ASP.NET Core Identity's V3 format (PBKDF2-HMAC-SHA512, salted), at
/// the configured iteration count. Every hash records its own count, so raising it upgrades old hashes lazily.
/// </summary>
public sealed class PasswordHashing
{
    // Identity's hasher never reads the user; this stands in where there is none.
    private static readonly UserRecord NoUser = new() { Id = "", EnvironmentId = "", Username = "", NormalizedUsername = "" };

    private readonly IPasswordHasher<UserRecord> _hasher;
    private readonly string _dummyHash;

    public PasswordHashing(IPasswordHasher<UserRecord> hasher)
    {
        _hasher = hasher;

        // Made once, now, with the current count: verifying against it costs what a real verification costs.
        _dummyHash = _hasher.HashPassword(NoUser, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>Identity's hasher writing V3 hashes at the configured count: what the container gives <see cref="PasswordHashing"/>.</summary>
    public static PasswordHasher<UserRecord> CreateHasher(FlowsPasswordOptions options) => new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = options.Iterations,
    }));

    public string Hash(UserRecord user, string password) => _hasher.HashPassword(user, password);

    /// <summary>Verifies a password; <c>SuccessRehashNeeded</c> when the hash has fewer iterations than configured.</summary>
    public PasswordVerificationResult Verify(UserRecord user, string hash, string password) =>
        _hasher.VerifyHashedPassword(user, hash, password);

    /// <summary>
    /// Spends the time of one verification without a user, so an unknown username, or a locked account, answers as
    /// slowly as a password that was checked.
    /// </summary>
    public void SpendOneVerification(string password) => _hasher.VerifyHashedPassword(NoUser, _dummyHash, password);
}
