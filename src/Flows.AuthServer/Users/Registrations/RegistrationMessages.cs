using System.Net;

namespace Flows.AuthServer.Users.Registrations;

/// <summary>
/// The e-mails of a registration: the verification code for a new account, or — in its place, so that the flow's
/// answers stay the same — a notice that the address already has an account, or that the username is taken. Nothing in
/// them links anywhere, so a forwarded or phished copy gives no one a place to type anything.
/// </summary>
public static class RegistrationMessages
{
    public static string CodeSubject(string environmentName) => $"Verify your e-mail address for {environmentName}";

    public static string CodeText(string environmentName, string code, TimeSpan lifetime) =>
        $"Your {environmentName} verification code is {code}. It expires in {Minutes(lifetime)}.\n\n"
        + "If you did not create an account, ignore this e-mail: without the code, no account is opened with your address.";

    public static string CodeHtml(string environmentName, string code, TimeSpan lifetime)
    {
        var name = WebUtility.HtmlEncode(environmentName);
        return $"<p>Your {name} verification code is</p><p style=\"font-size:1.6em;letter-spacing:0.2em\"><strong>{code}</strong></p>"
            + $"<p>It expires in {Minutes(lifetime)}.</p>"
            + "<p>If you did not create an account, ignore this e-mail: without the code, no account is opened with your address.</p>";
    }

    public static string NoticeSubject(string environmentName) => $"About your {environmentName} account";

    /// <summary>To the owner of an address that already has an account: someone tried to register it again.</summary>
    public static string AccountExistsText(string environmentName) =>
        $"Someone, perhaps you, tried to create a {environmentName} account with this e-mail address, which already has one.\n\n"
        + "If it was you, sign in instead, or reset your password if you forgot it. If it was not, you can ignore this e-mail: "
        + "your account is unchanged.";

    /// <summary>To the address of a registration whose username is someone else's.</summary>
    public static string UsernameTakenText(string environmentName, string username) =>
        $"Someone, perhaps you, tried to create a {environmentName} account with this e-mail address and the username "
        + $"\"{username}\", which is not available.\n\nIf it was you, register again with another username. If it was not, "
        + "you can ignore this e-mail: no account was created.";

    public static string Html(string text) =>
        string.Join("", text.Split("\n\n").Select(paragraph => $"<p>{WebUtility.HtmlEncode(paragraph)}</p>"));

    private static string Minutes(TimeSpan lifetime) =>
        (int)Math.Ceiling(lifetime.TotalMinutes) is var minutes && minutes == 1 ? "1 minute" : $"{minutes} minutes";
}
