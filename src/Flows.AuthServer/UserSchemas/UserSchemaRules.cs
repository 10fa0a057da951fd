using System.Text.RegularExpressions;
using Flows.Activities.Users;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.UserSchemas;

/// <summary>What makes a user schema valid, for <c>/v1</c> and the import alike: unique names, known types, formats that compile.</summary>
public static partial class UserSchemaRules
{
    public const int MaxAttributes = 100;
    public const int MaxNameLength = 64;
    public const int MaxTextLength = 256;

    public static List<FieldProblem> Validate(IReadOnlyList<UserAttributeDefinition>? schema)
    {
        var problems = new List<FieldProblem>();
        if (schema is null || schema.Count > MaxAttributes)
        {
            problems.Add(new("attributes", $"attributes must be a list of at most {MaxAttributes} attributes."));
            return problems;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var attribute in schema)
        {
            if (attribute?.Name is not { } name || !NamePattern().IsMatch(name))
            {
                // A name given is the field the problem is on, so that a form shows it beside the attribute.
                var field = string.IsNullOrWhiteSpace(attribute?.Name) ? "attributes" : $"attributes.{attribute.Name}";
                problems.Add(new(field, $"'{attribute?.Name}' is not an attribute name (a letter, then up to {MaxNameLength - 1} letters, digits, '.', '_' or '-')."));
                continue;
            }

            if (!seen.Add(name))
            {
                problems.Add(new($"attributes.{name}", $"'{name}' is described twice."));
            }

            if (!UserAttributeTypes.All.Contains(attribute.Type))
            {
                problems.Add(new($"attributes.{name}", $"type must be one of {string.Join(", ", UserAttributeTypes.All)}."));
            }

            if (attribute.DisplayName?.Length > MaxTextLength || attribute.Format?.Length > MaxTextLength)
            {
                problems.Add(new($"attributes.{name}", $"displayName and format may have at most {MaxTextLength} characters."));
            }

            if (!string.IsNullOrEmpty(attribute.Format) && !UserAttributeValidator.IsValidFormat(attribute.Format))
            {
                problems.Add(new($"attributes.{name}", "format is not a regular expression."));
            }
        }

        return problems;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
