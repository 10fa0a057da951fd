using Flows.AuthServer.Environments;
using MimeKit;

namespace Flows.AuthServer.Messaging;

/// <summary>The rules of messaging settings, field by field, for <c>/v1</c> and environment files alike.</summary>
public static class MessagingValidation
{
    public const int MaxTextLength = 256;
    public const int MaxSecretLength = 1024;

    /// <summary>Below this a gateway secret is guessable; the outbound secret the server generates has 43 characters.</summary>
    public const int MinSecretLength = 16;

    public static List<FieldProblem> Validate(EmailSettingsResource settings)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(settings.Host) || settings.Host.Trim().Length > 253 || settings.Host.Trim().Any(char.IsWhiteSpace)
            || Uri.CheckHostName(settings.Host.Trim()) == UriHostNameType.Unknown)
        {
            problems.Add(new("host", "host must be the SMTP server's host name or IP address."));
        }

        if (settings.Port is < 1 or > 65535)
        {
            problems.Add(new("port", "port must be between 1 and 65535."));
        }

        if (!SmtpSecurity.All.Contains(settings.Security, StringComparer.Ordinal))
        {
            problems.Add(new("security", $"security must be one of {string.Join(", ", SmtpSecurity.All)}."));
        }

        if (settings.Username is { Length: > MaxTextLength })
        {
            problems.Add(new("username", $"username may have at most {MaxTextLength} characters."));
        }

        if (settings.Password is { Length: > MaxSecretLength })
        {
            problems.Add(new("password", $"password may have at most {MaxSecretLength} characters."));
        }

        if (string.IsNullOrWhiteSpace(settings.FromAddress) || settings.FromAddress.Length > MaxTextLength
            || !MailboxAddress.TryParse(settings.FromAddress.Trim(), out var from) || from.Address != settings.FromAddress.Trim()
            || !HasLocalPartAndDomain(from.Address))
        {
            problems.Add(new("fromAddress", "fromAddress must be an e-mail address, such as no-reply@example.com."));
        }

        if (settings.FromName is { Length: > MaxTextLength } || settings.FromName?.Any(char.IsControl) == true)
        {
            problems.Add(new("fromName", $"fromName may have at most {MaxTextLength} characters, none of them control characters."));
        }

        return problems;
    }

    public static List<FieldProblem> Validate(SmsSettingsResource settings)
    {
        var problems = new List<FieldProblem>();
        if (settings.Url is not { Length: <= 2048 } || !Uri.TryCreate(settings.Url, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.UserInfo))
        {
            problems.Add(new("url", "url must be an https URL (http only to a private address the outbound settings allow), without credentials."));
        }

        if (settings.Secret is { } secret && (secret.Length is < MinSecretLength or > MaxSecretLength))
        {
            problems.Add(new("secret", $"secret must have {MinSecretLength} to {MaxSecretLength} characters."));
        }

        return problems;
    }

    // MimeKit takes a bare local part ("nobody") for an address; a sender needs a domain.
    private static bool HasLocalPartAndDomain(string address) => address.IndexOf('@') is var at && at > 0 && at < address.Length - 1;
}
