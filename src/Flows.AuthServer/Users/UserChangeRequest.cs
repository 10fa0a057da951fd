using System.Text.Json.Serialization;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Users;

/// <summary>
/// The body of <c>PATCH /v1/environments/{env}/users/{id}</c>: a field left out stays as it is. <c>email</c> and
/// <c>name</c> sent as null are cleared (RFC 7396 merge patch); <c>groups</c> and <c>attributes</c> replace the
/// whole list or map. The username and the password have their own rules and are not changed here.
/// </summary>
public sealed class UserChangeRequest
{
    private string? _email;
    private string? _name;

    public string? Email
    {
        get => _email;
        init => (_email, EmailSent) = (value, true);
    }

    public string? Name
    {
        get => _name;
        init => (_name, NameSent) = (value, true);
    }

    public bool? Enabled { get; init; }

    public bool? MustChangePassword { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }

    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>Whether the body named <c>email</c> at all; a null sent clears it, a field left out does not.</summary>
    [JsonIgnore]
    public bool EmailSent { get; private init; }

    [JsonIgnore]
    public bool NameSent { get; private init; }

    /// <summary>The user as it would be after the change, in the importer's terms, so its validation applies as is.</summary>
    public EnvironmentFileUser ToEntry(UserRecord user) => new()
    {
        Username = user.Username,
        Email = EmailSent ? Email : user.Email,
        Name = NameSent ? Name : user.Name,
        Groups = Groups ?? user.Groups,
        Attributes = Attributes ?? user.Attributes,
    };

    /// <summary>Applies the change to a (tracked) user; the change tracker tells whether anything actually changed.</summary>
    public void ApplyTo(UserRecord user)
    {
        user.Email = EmailSent ? Email : user.Email;
        user.Name = NameSent ? Name : user.Name;
        user.Enabled = Enabled ?? user.Enabled;
        user.MustChangePassword = MustChangePassword ?? user.MustChangePassword;
        user.Groups = Groups is null ? user.Groups : UserValues.Distinct(Groups);
        user.Attributes = Attributes is null ? user.Attributes : new Dictionary<string, string>(Attributes, StringComparer.Ordinal);
    }
}

/// <summary>
/// What the importer does not check about a user's groups and attributes, which the management API lets an
/// administrator edit one by one: names that are not blank and sizes that fit a token and a column.
/// </summary>
public static class UserValues
{
    public const int MaxGroups = 100;
    public const int MaxGroupLength = 256;
    public const int MaxAttributes = 100;
    public const int MaxAttributeNameLength = 128;
    public const int MaxAttributeValueLength = 2048;

    public static IReadOnlyList<FieldProblem> Validate(IReadOnlyList<string> groups, IReadOnlyDictionary<string, string> attributes)
    {
        var problems = new List<FieldProblem>();
        if (groups.Count > MaxGroups)
        {
            problems.Add(new("groups", $"groups may have at most {MaxGroups} entries"));
        }

        if (groups.Any(group => string.IsNullOrWhiteSpace(group) || group.Length > MaxGroupLength))
        {
            problems.Add(new("groups", $"every group must be 1 to {MaxGroupLength} characters and not blank"));
        }

        if (attributes.Count > MaxAttributes)
        {
            problems.Add(new("attributes", $"attributes may have at most {MaxAttributes} entries"));
        }

        if (attributes.Keys.Any(name => string.IsNullOrWhiteSpace(name) || name.Length > MaxAttributeNameLength))
        {
            problems.Add(new("attributes", $"every attribute name must be 1 to {MaxAttributeNameLength} characters and not blank"));
        }

        // JSON null gets into a dictionary's values: nullable annotations bind properties only.
        if (attributes.Values.Any(value => value is null || value.Length > MaxAttributeValueLength))
        {
            problems.Add(new("attributes", $"every attribute value must be a string of at most {MaxAttributeValueLength} characters"));
        }

        return problems;
    }

    /// <summary>The groups in the order given, each once: membership is a set.</summary>
    public static List<string> Distinct(IEnumerable<string> groups) => groups.Distinct(StringComparer.Ordinal).ToList();
}
