using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Flows.Activities.Users;

/// <summary>
/// Checks attribute values against an environment's user schema. One rule for every writer: the management API, the
/// import and the profile step all call it, so a value stored by one is valid for the others.
/// </summary>
public static partial class UserAttributeValidator
{
    public const int MaxValueLength = 1024;

    // A format is an administrator's pattern run on a user's input: bounded, so that a bad pattern cannot hang a request.
    private static readonly TimeSpan FormatTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The problem of each value that the schema refuses, keyed by attribute name; attributes outside the schema pass.</summary>
    public static IReadOnlyList<AttributeProblem> Validate(
        IReadOnlyList<UserAttributeDefinition> schema, IReadOnlyDictionary<string, string> values, bool requireAll)
    {
        var problems = new List<AttributeProblem>();
        foreach (var attribute in schema)
        {
            var present = values.TryGetValue(attribute.Name, out var value) && !string.IsNullOrWhiteSpace(value);
            if (!present)
            {
                if (requireAll && attribute.Required)
                {
                    problems.Add(new(attribute.Name, $"{attribute.Label} is required."));
                }

                continue;
            }

            if (Problem(attribute, value!.Trim()) is { } message)
            {
                problems.Add(new(attribute.Name, message));
            }
        }

        return problems;
    }

    /// <summary>Why the value does not fit the attribute, or null when it does.</summary>
    public static string? Problem(UserAttributeDefinition attribute, string value)
    {
        if (value.Length > MaxValueLength)
        {
            return $"{attribute.Label} may have at most {MaxValueLength} characters.";
        }

        var typed = attribute.Type switch
        {
            UserAttributeTypes.Email => IsEmail(value) ? null : $"{attribute.Label} must be an e-mail address.",
            // E.164 (ITU-T) numbers: a plus, then up to 15 digits.
            UserAttributeTypes.Phone => PhonePattern().IsMatch(value) ? null : $"{attribute.Label} must be a phone number such as +41441234567.",
            UserAttributeTypes.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null : $"{attribute.Label} must be a date written yyyy-MM-dd.",
            UserAttributeTypes.Boolean => value is "true" or "false" ? null : $"{attribute.Label} must be true or false.",
            UserAttributeTypes.Number => decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
                ? null : $"{attribute.Label} must be a number.",
            _ => null,
        };
        if (typed is not null || string.IsNullOrEmpty(attribute.Format))
        {
            return typed;
        }

        try
        {
            return Regex.IsMatch(value, $"^(?:{attribute.Format})$", RegexOptions.CultureInvariant, FormatTimeout)
                ? null
                : $"{attribute.Label} is not in the expected format.";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"{attribute.Label} is not in the expected format.";
        }
    }

    /// <summary>Whether a schema's format can be used: a regular expression .NET can compile.</summary>
    public static bool IsValidFormat(string format)
    {
        try
        {
            _ = new Regex(format, RegexOptions.None, FormatTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}

/// <summary>What is wrong with one attribute value: the attribute's name and a sentence a form can show.</summary>
public sealed record AttributeProblem(string Attribute, string Message);
