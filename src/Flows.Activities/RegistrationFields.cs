namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.RegistrationRequired"/> step: the body of <see cref="FlowActions.UserRegister"/>
/// (<c>{username, email, password, attributes: {name: value}}</c>) and the prompt's <c>attributes</c> (as
/// <see cref="ProfileFields"/>) and <c>passwordPolicy</c>.
/// </summary>
public static class RegistrationFields
{
    public const string Username = "username";
    public const string Email = "email";
    public const string Password = "password";

    /// <summary>In the body, the user-schema values; in the prompt, <c>[{name, type, displayName, required}]</c>.</summary>
    public const string Attributes = ProfileFields.Attributes;

    /// <summary>In the prompt only: <c>{minLength, notUsername}</c>, what a new password must satisfy.</summary>
    public const string PasswordPolicy = "passwordPolicy";
    public const string MinLength = "minLength";
    public const string NotUsername = "notUsername";

    /// <summary>In the prompt only, after a registration was refused: the username and e-mail typed, to refill the form.</summary>
    public const string Values = "values";
}
