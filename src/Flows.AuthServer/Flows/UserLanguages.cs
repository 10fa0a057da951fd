using OpenIddict.Abstractions;

namespace Flows.AuthServer.Flows;

/// <summary>
/// The user's languages, best first, for the steps that show text (agreements): the authorization request's
/// <c>ui_locales</c> (OIDC Core §3.1.2.1), then the browser's Accept-Language by weight (RFC 9110 §12.5.4).
/// </summary>
public static class UserLanguages
{
    // Enough for any real preference list; a crafted header cannot fill the flow's state.
    private const int MaxLanguages = 10;
    private const int MaxTagLength = 35;

    public static IReadOnlyList<string> Of(OpenIddictRequest request, HttpRequest http)
    {
        var fromRequest = (request.UiLocales ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var fromBrowser = http.GetTypedHeaders().AcceptLanguage
            .Where(language => language.Quality is not 0 && language.Value.Value is { } tag && tag != "*")
            .OrderByDescending(language => language.Quality ?? 1)
            .Select(language => language.Value.Value!);
        return fromRequest.Concat(fromBrowser)
            .Where(tag => tag.Length <= MaxTagLength)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxLanguages)
            .ToList();
    }
}
