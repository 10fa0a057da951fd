namespace Flows.AuthServer.Users;

/// <summary>What a username may be, and the form in which usernames are compared.</summary>
public static class Usernames
{
    /// <summary>The column's length.</summary>
    public const int MaxLength = 256;

    public static bool IsValid(string? username) =>
        !string.IsNullOrWhiteSpace(username) && username.Length <= MaxLength;

    /// <summary>Usernames are unique and found regardless of case.</summary>
    public static string Normalize(string username) => username.ToUpperInvariant();
}
