using System.Net;

namespace Flows.AuthServer.Users.ContactDevices;

/// <summary>
/// The words of a sign-in code's message: the code, how long it works, and what to do when the sign-in was not the
/// reader's. Nothing in it links anywhere, so a forwarded or phished copy gives no one a place to type it.
/// </summary>
public static class CodeMessages
{
    public static string Subject(string environmentName) => $"Your {environmentName} sign-in code";

    public static string Text(string environmentName, string code, TimeSpan lifetime) =>
        $"Your {environmentName} sign-in code is {code}. It expires in {Minutes(lifetime)}.\n\n"
        + "If you did not try to sign in, do not share this code with anyone, and change your password.";

    public static string Html(string environmentName, string code, TimeSpan lifetime)
    {
        var name = WebUtility.HtmlEncode(environmentName);
        return $"<p>Your {name} sign-in code is</p><p style=\"font-size:1.6em;letter-spacing:0.2em\"><strong>{code}</strong></p>"
            + $"<p>It expires in {Minutes(lifetime)}.</p>"
            + "<p>If you did not try to sign in, do not share this code with anyone, and change your password.</p>";
    }

    /// <summary>Short for an SMS; the code first, so a phone's notification shows it.</summary>
    public static string Sms(string environmentName, string code, TimeSpan lifetime) =>
        $"{code} is your {environmentName} sign-in code. It expires in {Minutes(lifetime)}. Don't share it.";

    internal static string Minutes(TimeSpan lifetime) =>
        (int)Math.Ceiling(lifetime.TotalMinutes) is var minutes && minutes == 1 ? "1 minute" : $"{minutes} minutes";
}
