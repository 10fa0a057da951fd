using System.Collections.Concurrent;
using Flows.AuthServer.Data;
using Microsoft.AspNetCore.Identity;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The server's password hasher, counting the verifications it does per user: what tests observe of a password
/// check that an attacker cannot see. Verifications that only spend time have no user (an empty id).
/// </summary>
public sealed class CountingPasswordHasher(IPasswordHasher<UserRecord> inner) : IPasswordHasher<UserRecord>
{
    private readonly ConcurrentDictionary<string, int> _verifications = new();

    /// <summary>Verifications against the password hash of this user.</summary>
    public int VerificationsOf(string userId) => _verifications.GetValueOrDefault(userId);

    /// <summary>Every verification, with or without a user.</summary>
    public int AllVerifications => _verifications.Values.Sum();

    public string HashPassword(UserRecord user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(UserRecord user, string hashedPassword, string providedPassword)
    {
        _verifications.AddOrUpdate(user.Id, 1, (_, count) => count + 1);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
