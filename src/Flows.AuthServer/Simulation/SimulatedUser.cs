using System.Security.Cryptography;
using System.Text;
using Flows.Activities.Users;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// The user a dry run runs as: a real user's data as read (never changed), or a described user. A described user's
/// authenticator key is derived from its username, so every replay of the same run sees the same codes.
/// </summary>
public sealed record SimulatedUser(
    DirectoryUser User,
    bool IsReal,
    bool MustChangePassword,
    string? Password,
    byte[]? TotpSecret,
    IReadOnlySet<string> Devices)
{
    public static SimulatedUser Describe(SimulatedUserRequest request)
    {
        var username = request.Username!.Trim();
        var devices = (request.Devices ?? []).ToHashSet(StringComparer.Ordinal);
        var user = new DirectoryUser(
            SimulationIds.DescribedUserId,
            username,
            request.Enabled ?? true,
            request.Groups ?? [],
            request.Attributes ?? new Dictionary<string, string>(),
            HasOtpDevice: devices.Contains(SimulatedDevices.Totp),
            request.Email,
            request.Name);
        var secret = devices.Contains(SimulatedDevices.Totp) ? DeriveSecret(username) : null;
        return new SimulatedUser(user, IsReal: false, request.MustChangePassword ?? false, request.Password, secret, devices);
    }

    public bool Matches(string? username) =>
        username is not null && string.Equals(username.Trim(), User.Username, StringComparison.OrdinalIgnoreCase);

    public bool Is(string userId) => string.Equals(userId, User.Id, StringComparison.Ordinal);

    // Not a secret of anyone: a described user exists only in the dry run.
    private static byte[] DeriveSecret(string username) => SHA256.HashData(Encoding.UTF8.GetBytes("dry-run:" + username))[..20];
}

/// <summary>Ids the dry run gives what it makes up.</summary>
public static class SimulationIds
{
    public const string DescribedUserId = "dry-run-user";
    public const string EmailDevice = "dry-run-email";
    public const string SmsDevice = "dry-run-sms";
    public const string TotpDevice = "dry-run-totp";
    public const string PasskeyDevice = "dry-run-passkey";
}
