using Flows.Activities.Users;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Users;

/// <summary>
/// The checks a user passes before it is stored: an environment file's entry (<see cref="ValidateEntry"/>, also for
/// imports) and, for a user an administrator edits value by value, the sizes of its groups and attributes too.
/// </summary>
public sealed class UserValidation(PasswordPolicy passwords)
{
    /// <summary>The problems of a user as an administrator creates or changes it; none when it may be stored.</summary>
    public List<FieldProblem> Validate(EnvironmentFileUser user) =>
        ValidateEntry(user).Concat(UserValues.Validate(user.Groups, user.Attributes)).ToList();

    /// <summary>
    /// As <see cref="Validate(EnvironmentFileUser)"/>, and each attribute the environment's user schema describes must
    /// fit it. Required attributes may still be missing: a profile step asks the user for them.
    /// </summary>
    public List<FieldProblem> Validate(EnvironmentFileUser user, IReadOnlyList<UserAttributeDefinition> schema) =>
        Validate(user).Concat(SchemaProblems(user.Attributes, schema)).ToList();

    /// <summary>The values the schema refuses, each as the field <c>attributes.{name}</c>.</summary>
    public static IEnumerable<FieldProblem> SchemaProblems(IReadOnlyDictionary<string, string> attributes, IReadOnlyList<UserAttributeDefinition> schema) =>
        UserAttributeValidator.Validate(schema, attributes, requireAll: false)
            .Select(problem => new FieldProblem($"attributes.{problem.Attribute}", problem.Message));

    /// <summary>One user of an environment file; uniqueness of the username is the caller's.</summary>
    public IReadOnlyList<FieldProblem> ValidateEntry(EnvironmentFileUser user)
    {
        var problems = new List<FieldProblem>();
        if (!Usernames.IsValid(user.Username))
        {
            problems.Add(new("username", $"username must be 1 to {Usernames.MaxLength} characters and not blank"));
        }

        if (user.Password is not null && passwords.FindProblem(user.Username, user.Password) is { } problem)
        {
            problems.Add(new("password", $"password {problem}"));
        }

        if (user.Email?.Length > UserService.MaxTextLength)
        {
            problems.Add(new("email", $"email may have at most {UserService.MaxTextLength} characters"));
        }

        if (user.Name?.Length > UserService.MaxTextLength)
        {
            problems.Add(new("name", $"name may have at most {UserService.MaxTextLength} characters"));
        }

        if (user.TotpSecret is { } totp && totp != EnvironmentFileUser.GenerateTotpSecret && !TotpKeys.TryDecode(totp, out _))
        {
            problems.Add(new("totpSecret", $"totpSecret must be Base32 of at least {TotpKeys.MinimumBytes} bytes, or \"{EnvironmentFileUser.GenerateTotpSecret}\""));
        }

        return problems;
    }

    /// <summary>A password an administrator sets: required, and within the policy.</summary>
    public FieldProblem? ValidatePassword(string username, string? password)
    {
        const string field = NewPasswordRequest.Field;
        return password is null ? new(field, $"{field} is required")
            : passwords.FindProblem(username, password) is { } problem ? new(field, $"{field} {problem}")
            : null;
    }
}
