using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.RememberedDevices;

/// <summary>
/// Remembers browsers for users: the cookie holds a random id signed (and sealed) with Data Protection together with
/// the environment and user it was made for; the database holds only a hash of that id. A cookie counts while its
/// row exists and has not expired, so deleting rows revokes it on every node at once.
/// </summary>
public sealed class RememberedDeviceStore(
    ServerDbContext db, IHttpContextAccessor http, IDataProtectionProvider protection, TimeProvider clock) : IRememberedDevices
{
    public const string Purpose = "Flows.Users.RememberedDevice.v1";

    private const int IdBytes = 32;
    private const char Separator = '\n';

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public async Task<bool> IsRememberedAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        if (http.HttpContext is not { } context || RememberedDeviceCookie.Read(context, userId) is not { } cookie
            || IdOf(cookie, environmentId, userId) is not { } id)
        {
            return false;
        }

        var hash = Hash(environmentId, userId, id);
        var now = clock.GetUtcNow();
        return await db.RememberedDevices.AnyAsync(
            d => d.EnvironmentId == environmentId && d.UserId == userId && d.TokenHash == hash && d.ExpiresAt > now, cancellationToken);
    }

    public async Task RememberAsync(string environmentId, string userId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (http.HttpContext is not { } context)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        await db.RememberedDevices.Where(d => d.EnvironmentId == environmentId && d.UserId == userId && d.ExpiresAt <= now)
            .ExecuteDeleteAsync(cancellationToken);
        db.RememberedDevices.Add(new RememberedDeviceRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            EnvironmentId = environmentId,
            UserId = userId,
            TokenHash = Hash(environmentId, userId, id),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        var sealedValue = _protector.Protect(Encoding.UTF8.GetBytes(string.Join(Separator, environmentId, userId, id)));
        RememberedDeviceCookie.Write(context, environmentId, userId, Base64Url.EncodeToString(sealedValue), now + lifetime);
    }

    /// <summary>Forgets every browser remembered for the user; the number forgotten.</summary>
    public Task<int> ForgetAllAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        db.RememberedDevices.Where(d => d.EnvironmentId == environmentId && d.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The random id of a cookie made for this environment and user; null for anything else (forged, copied to another user).</summary>
    private string? IdOf(string cookie, string environmentId, string userId)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(_protector.Unprotect(Base64Url.DecodeFromChars(cookie))).Split(Separator);
            return parts.Length == 3 && parts[0] == environmentId && parts[1] == userId ? parts[2] : null;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static string Hash(string environmentId, string userId, string id) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(Separator, environmentId, userId, id))));
}
