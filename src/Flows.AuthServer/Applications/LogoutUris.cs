using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Applications;

/// <summary>
/// The rules of an application's logout addresses: absolute https URIs without a fragment (Back-Channel Logout 1.0
/// §2.2, Front-Channel Logout 1.0 §2), plain http only on the loopback host, where nothing leaves the machine.
/// </summary>
public static class LogoutUris
{
    private const int MaxLength = 2048;

    private static readonly HashSet<string> LoopbackHosts = new(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]" };

    public static void Check(List<FieldProblem> problems, string field, string? text)
    {
        if (text is null)
        {
            return;
        }

        // On Unix a rooted path parses as an absolute file URI; it is still a relative reference here.
        if (text.Length > MaxLength || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile)
        {
            problems.Add(new(field, $"{field} '{text}' is not an absolute URI of at most {MaxLength} characters"));
        }
        else if (!string.IsNullOrEmpty(uri.Fragment) || text.Contains('#', StringComparison.Ordinal))
        {
            problems.Add(new(field, $"{field} '{text}' must not have a fragment"));
        }
        else if (!IsAllowedScheme(uri))
        {
            problems.Add(new(field, $"{field} '{text}' must use https (http only on localhost or 127.0.0.1)"));
        }
    }

    private static bool IsAllowedScheme(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && LoopbackHosts.Contains(uri.Host));
}
