using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Users;

/// <summary>What a new password must satisfy, whoever sets it: the user, an import or an administrator.</summary>
public sealed class PasswordPolicy(IOptions<FlowsPasswordOptions> options)
{
    /// <summary>Why the password is refused ("must …"), or null when it is acceptable.</summary>
    public string? FindProblem(string username, string password)
    {
        var minimum = options.Value.MinimumLength;
        if (password.Length < minimum)
        {
            return $"must be at least {minimum} characters long";
        }

        // The username is the first guess of anyone trying the account.
        return string.Equals(password, username, StringComparison.OrdinalIgnoreCase) ? "must not be the username" : null;
    }
}
