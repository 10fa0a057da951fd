using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Applications;

/// <summary>
/// A third-party application is OpenIddict's <c>explicit</c> consent type: its users consent to its scopes. The
/// environment's own (first-party) applications are <c>implicit</c>: their users are never asked.
/// </summary>
public static class ApplicationConsent
{
    public static string TypeOf(bool thirdParty) => thirdParty ? ConsentTypes.Explicit : ConsentTypes.Implicit;

    public static bool IsThirdParty(string? consentType) => consentType == ConsentTypes.Explicit;
}
