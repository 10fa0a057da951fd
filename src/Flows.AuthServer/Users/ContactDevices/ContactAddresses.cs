using System.Text.RegularExpressions;
using Flows.Activities.Messaging;
using MimeKit;

namespace Flows.AuthServer.Users.ContactDevices;

/// <summary>Checks, normalizes and masks the addresses of e-mail and SMS devices.</summary>
public static partial class ContactAddresses
{
    public const int MaxEmailLength = 254;

    // Shown in place of the hidden characters.
    private const string Hidden = "•••";

    /// <summary>The address trimmed, when it is a plain e-mail address (RFC 5321 §4.5.3.1.3 caps its length); else null.</summary>
    public static string? NormalizeEmail(string? address)
    {
        var trimmed = address?.Trim();
        return trimmed is { Length: > 0 and <= MaxEmailLength } && MailboxAddress.TryParse(trimmed, out var mailbox)
            && mailbox.Address == trimmed && trimmed.IndexOf('@') is > 0 and var at && at < trimmed.Length - 1
                ? trimmed
                : null;
    }

    /// <summary>The number without spaces, when it is in E.164 form (<c>+</c>, country code, at most 15 digits); else null.</summary>
    public static string? NormalizePhone(string? number)
    {
        var compact = number?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return compact is not null && E164().IsMatch(compact) ? compact : null;
    }

    /// <summary><c>alice@example.com</c> → <c>a•••@example.com</c>: enough for the user to recognize, little for anyone else.</summary>
    public static string MaskEmail(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? Hidden : address[..1] + Hidden + address[at..];
    }

    /// <summary><c>+15551234567</c> → <c>+1•••67</c>: the country code and the last two digits.</summary>
    public static string MaskPhone(string number) =>
        number.Length <= 4 ? Hidden : number[..2] + Hidden + number[^2..];

    /// <summary>The typed address of the channel in the form devices keep (<see cref="NormalizeEmail"/>, <see cref="NormalizePhone"/>).</summary>
    public static string? Normalize(ContactChannel channel, string? typed) =>
        channel == ContactChannel.Sms ? NormalizePhone(typed) : NormalizeEmail(typed);

    /// <summary>The address of the channel as a prompt may show it (<see cref="MaskEmail"/>, <see cref="MaskPhone"/>).</summary>
    public static string Mask(ContactChannel channel, string address) =>
        channel == ContactChannel.Sms ? MaskPhone(address) : MaskEmail(address);

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
