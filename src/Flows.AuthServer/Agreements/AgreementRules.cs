using System.Text.RegularExpressions;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Agreements;

/// <summary>What makes an agreement valid, for <c>/v1</c> and the import alike: an id, a name, language tags, a text in the default language.</summary>
public static partial class AgreementRules
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 256;
    public const int MaxLanguages = 50;

    /// <summary>An agreement is read in full on a sign-on page; 64 KiB per language is a long contract already.</summary>
    public const int MaxTextLength = 64 * 1024;

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static List<FieldProblem> ValidateHeader(string? id, string? name, string? defaultLanguage)
    {
        var problems = new List<FieldProblem>();
        if (!IsValidId(id))
        {
            problems.Add(new("id", $"id must be 1 to {MaxIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit."));
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            problems.Add(new("name", $"name must be 1 to {MaxNameLength} characters and not blank."));
        }

        if (!IsLanguage(defaultLanguage))
        {
            problems.Add(new("defaultLanguage", "defaultLanguage must be a language tag such as en or de-CH (RFC 5646)."));
        }

        return problems;
    }

    /// <summary>The texts of a version: in valid languages, not blank, and one in the agreement's default language.</summary>
    public static List<FieldProblem> ValidateTexts(IReadOnlyDictionary<string, string>? texts, string defaultLanguage)
    {
        var problems = new List<FieldProblem>();
        if (texts is null || texts.Count is 0 or > MaxLanguages)
        {
            problems.Add(new("texts", $"texts must map 1 to {MaxLanguages} languages to their text."));
            return problems;
        }

        foreach (var (language, text) in texts)
        {
            if (!IsLanguage(language))
            {
                problems.Add(new("texts", $"'{language}' is not a language tag such as en or de-CH."));
            }

            if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
            {
                problems.Add(new($"texts.{language}", $"The text must be 1 to {MaxTextLength} characters and not blank."));
            }
        }

        if (!texts.Keys.Contains(defaultLanguage, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new("texts", $"texts must have one in the default language '{defaultLanguage}'."));
        }

        return problems;
    }

    // RFC 5646 §2.1, simplified: a primary subtag and subtags of letters and digits.
    public static bool IsLanguage(string? tag) => tag is not null && LanguagePattern().IsMatch(tag);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
