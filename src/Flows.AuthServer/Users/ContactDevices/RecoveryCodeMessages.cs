using System.Net;

namespace Flows.AuthServer.Users.ContactDevices;

/// <summary>
/// The words of a password recovery code's mail: the code, how long it works, and what to do when the reader did not ask
/// for it. As <see cref="CodeMessages"/>, nothing in it links anywhere.
/// </summary>
public static class RecoveryCodeMessages
{
    public static string Subject(string environmentName) => $"Your {environmentName} password recovery code";

    public static string Text(string environmentName, string code, TimeSpan lifetime) =>
        $"Your {environmentName} password recovery code is {code}. It expires in {CodeMessages.Minutes(lifetime)}.\n\n"
        + "If you did not ask to reset your password, ignore this mail and do not share the code with anyone.";

    public static string Html(string environmentName, string code, TimeSpan lifetime)
    {
        var name = WebUtility.HtmlEncode(environmentName);
        return $"<p>Your {name} password recovery code is</p><p style=\"font-size:1.6em;letter-spacing:0.2em\"><strong>{code}</strong></p>"
            + $"<p>It expires in {CodeMessages.Minutes(lifetime)}.</p>"
            + "<p>If you did not ask to reset your password, ignore this mail and do not share the code with anyone.</p>";
    }
}
