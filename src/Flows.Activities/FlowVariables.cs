namespace Flows.Activities;

/// <summary>Names of flow variables the server sets from the authorization request and activities read.</summary>
public static class FlowVariables
{
    /// <summary>The OIDC <c>login_hint</c>, used to prefill the username.</summary>
    public const string LoginHint = "loginHint";

    /// <summary>
    /// The username the identifier-first step was given, known user or not: the password step asks for that user's
    /// password without the username again. It identifies no one until the password is checked.
    /// </summary>
    public const string Identifier = "identifier";

    /// <summary>
    /// The user's preferred languages, best first (BCP 47 tags, a JSON array): the request's <c>ui_locales</c> (OIDC Core
    /// §3.1.2.1), then its Accept-Language header (RFC 9110 §12.5.4).
    /// </summary>
    public const string UiLocales = "uiLocales";

    /// <summary>
    /// A <see cref="PendingRegistration"/>: what the registration step registered, for the verification step. It holds no
    /// password and no code.
    /// </summary>
    public const string Registration = "registration";

    /// <summary>
    /// The username the password step was given with <see cref="FlowActions.PasswordForgot"/>, user or not: the recovery
    /// step sends its code to that user, if there is one. It identifies no one until the code is typed.
    /// </summary>
    public const string RecoveryUsername = "recoveryUsername";

    /// <summary>Set by the password step when the right password had expired: the new-password step says so (PASSWORD_EXPIRED).</summary>
    public const string PasswordExpired = "passwordExpired";

    /// <summary>
    /// What the browser's session had already proved of the user a flow starts with (a step-up), as a
    /// <see cref="ProvenSession"/>. Activities rely on it only where their node says so.
    /// </summary>
    public const string Session = "session";

    /// <summary>
    /// The acr value the flow was chosen for (the application maps the requested acr to it): the session records that
    /// it satisfied that value once the flow completes, and tokens carry it.
    /// </summary>
    public const string Acr = "acr";

    /// <summary>
    /// What a third-party application asks the user to consent to, as a <see cref="ConsentRequest"/>; absent for the
    /// environment's own applications.
    /// </summary>
    public const string Consent = "consent";

    /// <summary>The user's answer to <see cref="Consent"/>: one of <see cref="ConsentDecisions"/>.</summary>
    public const string ConsentDecision = "consentDecision";

    /// <summary>
    /// The device authorization request (RFC 8628) a verification flow found by its user code, as a
    /// <see cref="DeviceAuthorizationRequest"/>: the flow asks the user's consent for it before it completes.
    /// </summary>
    public const string DeviceAuthorization = "deviceAuthorization";

    /// <summary>The user code a verification flow was started with (RFC 8628 §3.3.1 verification_uri_complete), to prefill.</summary>
    public const string UserCodeHint = "userCodeHint";

    /// <summary>
    /// The second-factor device the user chose (or the only one), as a <see cref="global::Flows.Activities.SelectedDevice"/>: the factor that
    /// follows uses that device.
    /// </summary>
    public const string SelectedDevice = "selectedDevice";
}
