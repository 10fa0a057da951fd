using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Users;

/// <summary>
/// A user as <c>/v1/…/users</c> shows it: never a password hash or an authenticator key. <c>lockedUntil</c> is
/// set only while wrong passwords keep the account locked; <c>unverifiedSince</c> only while an account that
/// registered itself waits for its address to be verified (the retention purge deletes it after
/// <c>Flows:Registration:UnverifiedLifetime</c>).
/// </summary>
public sealed record UserResource(
    string Id,
    string Username,
    string? Email,
    string? Name,
    bool Enabled,
    bool MustChangePassword,
    IReadOnlyList<string> Groups,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? UnverifiedSince,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static UserResource Of(UserRecord user, DateTimeOffset now) => new(
        user.Id,
        user.Username,
        user.Email,
        user.Name,
        user.Enabled,
        user.MustChangePassword,
        user.Groups,
        user.Attributes,
        user.LockoutEnd > now ? user.LockoutEnd : null,
        user.UnverifiedSince,
        user.CreatedAt,
        user.UpdatedAt);
}

/// <summary>The body of <c>POST /v1/environments/{env}/users</c>; without a password the user cannot sign in with one yet.</summary>
public sealed record NewUserRequest(
    string? Username,
    string? Email,
    string? Name,
    string? Password,
    bool? Enabled,
    bool? MustChangePassword,
    IReadOnlyList<string>? Groups,
    IReadOnlyDictionary<string, string>? Attributes)
{
    public EnvironmentFileUser ToEntry() => new()
    {
        Username = Username ?? "",
        Email = Email,
        Name = Name,
        Password = Password,
        Enabled = Enabled ?? true,
        MustChangePassword = MustChangePassword ?? false,
        Groups = Groups ?? [],
        Attributes = Attributes ?? new Dictionary<string, string>(),
    };
}

/// <summary>The body of <c>PUT /v1/environments/{env}/users/{id}/password</c>.</summary>
public sealed record NewPasswordRequest(string? NewPassword)
{
    public const string Field = "newPassword";
}
