using static Flows.Fuzz.FuzzContext;

namespace Flows.Fuzz;

/// <summary>The authorization server's endpoints, the flow API and the hosted pages, as a client or a browser calls them.</summary>
public static class ProtocolEndpoints
{
    private static readonly string[] FlowActions =
    [
        "usernamePassword.check", "password.forgot", "user.register", "user.lookup", "password.reset", "password.recover",
        "device.select", "otp.check", "otp.enroll", "assertion.check", "user.verify", "user.sendVerificationCode",
        "deviceAuthGrant.userCode.verify", "deviceAuthGrant.consent", "user.consent", "user.update", "session.reset", "no.such.action",
        "passkey.register", "recoveryCode.use", "recoveryCode.check", "recoveryCodes.acknowledge", "external.continue", "authenticate",
    ];

    private static readonly string[] SignOnHandlers = ["UsernamePassword", "PasswordReset", "Otp", "OtpEnroll", "Nothing", ""];

    public static IReadOnlyList<FuzzEndpoint> All { get; } =
    [
        new("authorize GET", "GET", BodyKind.Query, c => $"/{c.Env}/as/authorize") { Fields = Authorization, Headers = BrowserSession },
        new("authorize POST", "POST", BodyKind.Form, c => $"/{c.Env}/as/authorize") { Fields = Authorization, Headers = BrowserSession },
        new("resume", "GET", BodyKind.Query, c => $"/{c.Env}/as/resume")
        {
            Fields = c => [Pair("flowId", c.Values.Pick([c.Material.CompletedFlowId, c.Material.WaitingFlowId, c.Values.Value()]))],
            Headers = BrowserSession,
        },
        new("signoff GET", "GET", BodyKind.Query, c => $"/{c.Env}/as/signoff") { Fields = Signoff, Headers = BrowserSession },
        new("signoff POST", "POST", BodyKind.Form, c => $"/{c.Env}/as/signoff")
        {
            Fields = c => [.. Signoff(c), Pair("confirm", "yes"), Pair("__RequestVerificationToken", c.Material.AntiforgeryToken)],
            Headers = c => [Pair("Cookie", $"{c.Material.SignedInSession}; {c.Material.AntiforgeryCookie}")],
        },
        new("par", "POST", BodyKind.Form, c => $"/{c.Env}/as/par") { Fields = Authorization, Headers = ClientAuthentication },
        new("authorize request_uri", "GET", BodyKind.Query, c => $"/{c.Env}/as/authorize")
        {
            Fields = c =>
            [
                Pair("client_id", c.Values.Pick([c.Target.WebClientId, c.Target.SpaClientId, c.Values.Value()])),
                Pair("request_uri", c.Values.Pick(["urn:ietf:params:oauth:request_uri:" + c.Values.Value(), c.Values.Value()])),
            ],
            Headers = BrowserSession,
        },
        new("token", "POST", BodyKind.Form, c => $"/{c.Env}/as/token") { Fields = TokenRequest, Headers = ClientAuthentication },
        new("token client_assertion", "POST", BodyKind.Form, c => $"/{c.Env}/as/token")
        {
            Fields = c =>
            [
                Pair("grant_type", "client_credentials"), Pair("client_id", c.Values.Pick([c.Target.ServiceClientId, c.Values.Value()])),
                Pair("client_assertion_type", c.Values.Pick(["urn:ietf:params:oauth:client-assertion-type:jwt-bearer", c.Values.Value()])),
                Pair("client_assertion", c.Values.Pick([c.Material.IdToken, "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", c.Values.Value()])),
            ],
        },
        new("device authorization", "POST", BodyKind.Form, c => $"/{c.Env}/as/device_authorization")
        {
            Fields = c => [Pair("client_id", c.Values.Pick([c.Target.WebClientId, c.Target.ServiceClientId, c.Values.Value()])), Pair("scope", c.Values.Pick(["openid", "openid offline_access", c.Values.Value()]))],
            Headers = ClientAuthentication,
        },
        new("device page", "GET", BodyKind.Query, c => $"/{c.Env}/device{c.Values.Pick(["", "/allowed", "/denied"])}")
        {
            Fields = c => [Pair("user_code", c.Values.Pick(["ABCD-EFGH", c.Values.Value()]))],
            Headers = BrowserSession,
        },
        new("device resume", "GET", BodyKind.Query, c => $"/{c.Env}/as/device/resume")
        {
            Fields = c => [Pair("flowId", c.Values.Pick([c.Material.CompletedFlowId, c.Material.WaitingFlowId, c.Values.Value()]))],
            Headers = BrowserSession,
        },
        new("identity provider", "GET", BodyKind.Query, c => $"/{c.Env}/idp/{c.Values.Pick(["corporate", "upstream", c.Values.Encode(c.Values.Value())])}/{c.Values.Pick(["authenticate", "callback"])}")
        {
            Fields = c => [Pair("flowId", FlowId(c)), Pair("state", c.Values.Value()), Pair("code", c.Values.Value()), Pair("error", c.Values.Pick(["access_denied", c.Values.Value()]))],
            Headers = BrowserSession,
        },
        new("flow continue GET", "GET", BodyKind.Query, c => $"/{c.Env}/flows/{FlowId(c)}/continue")
        {
            Fields = c => [Pair("token", c.Values.Pick([c.Material.IdToken, "eyJhbGciOiJIUzI1NiJ9.e30.x", c.Values.Value()]))],
            Headers = WaitingSession,
        },
        new("flow continue POST", "POST", BodyKind.Form, c => $"/{c.Env}/flows/{FlowId(c)}/continue")
        {
            Fields = c => [Pair("token", c.Values.Pick([c.Material.IdToken, "eyJhbGciOiJIUzI1NiJ9.e30.x", c.Values.Value()]))],
            Headers = WaitingSession,
        },
        new("introspect", "POST", BodyKind.Form, c => $"/{c.Env}/as/introspect") { Fields = TokenToInspect, Headers = ClientAuthentication },
        new("revoke", "POST", BodyKind.Form, c => $"/{c.Env}/as/revoke") { Fields = TokenToInspect, Headers = ClientAuthentication },
        new("userinfo GET", "GET", BodyKind.Query, c => $"/{c.Env}/as/userinfo") { Headers = Bearer },
        new("userinfo POST", "POST", BodyKind.Form, c => $"/{c.Env}/as/userinfo")
        {
            Fields = c => c.Values.Chance(0.5) ? [Pair("access_token", c.Material.UserAccessToken)] : [],
            Headers = Bearer,
        },
        new("discovery", "GET", BodyKind.Query, c => $"/{c.Env}/as/.well-known/openid-configuration"),
        new("jwks", "GET", BodyKind.Query, c => $"/{c.Env}/as/jwks"),
        new("flow GET", "GET", BodyKind.Query, c => $"/{c.Env}/flows/{FlowId(c)}") { Headers = WaitingSession },
        new("flow POST", "POST", BodyKind.Json, c => $"/{c.Env}/flows/{FlowId(c)}")
        {
            Headers = WaitingSession,
            ContentType = c => $"application/vnd.pingidentity.{c.Values.Pick(FlowActions)}+json",
            Json = c => c.Values.Pick(
            [
                """{"username":"bob","password":"not-the-password"}""", """{"username":"nobody","password":"x"}""", """{"otp":"123456"}""",
                """{"currentPassword":"x","newPassword":"y"}""", """{"device":{"id":"x"}}""", """{"accept":true}""", "{}",
            ]),
        },
        new("sign-on page GET", "GET", BodyKind.Query, c => $"/{c.Env}/signon") { Fields = SignOnQuery, Headers = SignOnCookies },
        new("sign-on page POST", "POST", BodyKind.Form, c => $"/{c.Env}/signon?{Query(SignOnQuery(c))}")
        {
            Fields = c =>
            [
                Pair("username", c.Values.Pick(["bob", "nobody", c.Values.Value()])), Pair("password", c.Values.Pick(["wrong", c.Values.Value()])),
                Pair("otp", "123456"), Pair("__RequestVerificationToken", c.Material.AntiforgeryToken),
            ],
            Headers = SignOnCookies,
        },
        new("try-it", "GET", BodyKind.Query, c => $"/{c.Env}/try{c.Values.Pick(["", "/start", "/callback"])}")
        {
            Fields = c => [Pair("code", c.Material.Code), Pair("state", c.Values.Value())],
        },
        new("designer", "GET", BodyKind.Query, c => $"/designer{c.Values.Pick(["", "/", "/signin-oidc", "/signout-callback-oidc", "/flows", "/_blazor"])}")
        {
            Fields = c => [Pair("code", c.Values.Value()), Pair("state", c.Values.Value())],
        },
        new("designer POST", "POST", BodyKind.Form, c => $"/designer{c.Values.Pick(["/signout", "/signin-oidc", "/_blazor/negotiate"])}")
        {
            Fields = c => [Pair("__RequestVerificationToken", c.Material.AntiforgeryToken), Pair("code", c.Values.Value())],
        },
        new("root", "GET", BodyKind.Query, c => c.Values.Pick(["/", "/favicon.ico", "/css/signon.css", $"/{c.Env}", $"/{c.Env}/", $"/{c.Env}/as", "/nowhere/as/token"])),
    ];

    private static List<KeyValuePair<string, string>> Authorization(FuzzContext c)
    {
        var web = c.Values.Chance(0.5);
        return
        [
            Pair("response_type", c.Values.Pick(["code", "code", "id_token", "id_token token", "code id_token", "token", "none"])),
            Pair("client_id", web ? c.Target.WebClientId : c.Target.SpaClientId),
            Pair("redirect_uri", web ? c.Target.WebRedirect : c.Target.SpaRedirect),
            Pair("scope", c.Values.Pick(["openid", "openid profile email offline_access", "openid flows.read"])),
            Pair("state", "fuzz"), Pair("nonce", "fuzz"),
            Pair("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), Pair("code_challenge_method", "S256"),
            Pair(c.Values.Pick(["prompt", "max_age", "login_hint", "response_mode", "acr_values", "id_token_hint"]),
                c.Values.Pick(["none", "login", "0", "bob", "form_post", "fragment", c.Material.IdToken])),
        ];
    }

    private static List<KeyValuePair<string, string>> Signoff(FuzzContext c) =>
    [
        Pair("id_token_hint", c.Values.Chance(0.7) ? c.Material.IdToken : c.Values.Value()),
        Pair("post_logout_redirect_uri", c.Values.Pick([c.Target.WebPostLogout, "https://evil.test/", c.Values.Value()])),
        Pair("state", "fuzz"), Pair("client_id", c.Target.WebClientId),
    ];

    private static List<KeyValuePair<string, string>> TokenRequest(FuzzContext c) => c.Values.Next(6) switch
    {
        4 => [Pair("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), Pair("device_code", c.Values.Value())],
        5 =>
        [
            Pair("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
            Pair("subject_token", c.Values.Pick([c.Material.UserAccessToken, c.Material.IdToken, c.Values.Value()])),
            Pair("subject_token_type", c.Values.Pick(["urn:ietf:params:oauth:token-type:access_token", "urn:ietf:params:oauth:token-type:id_token", c.Values.Value()])),
            Pair(c.Values.Pick(["actor_token", "scope", "audience", "resource", "requested_token_type"]), c.Values.Pick([c.Material.ServiceAccessToken, "openid", c.Values.Value()])),
        ],
        0 => [Pair("grant_type", "authorization_code"), Pair("code", c.Material.Code), Pair("redirect_uri", c.Target.WebRedirect), Pair("code_verifier", c.Material.CodeVerifier)],
        1 => [Pair("grant_type", "refresh_token"), Pair("refresh_token", c.Material.RefreshToken)],
        2 => [Pair("grant_type", "client_credentials"), Pair("scope", c.Values.Pick(["", "openid", "flows.read"]))],
        _ => [Pair("grant_type", c.Values.Value())],
    };

    private static List<KeyValuePair<string, string>> TokenToInspect(FuzzContext c) =>
    [
        Pair("token", c.Values.Pick([c.Material.UserAccessToken, c.Material.RefreshToken, c.Material.ServiceAccessToken, c.Material.IdToken, c.Values.Value()])),
        Pair("token_type_hint", c.Values.Pick(["access_token", "refresh_token", "id_token", c.Values.Value()])),
    ];

    private static List<KeyValuePair<string, string>> ClientAuthentication(FuzzContext c) => c.Values.Next(4) switch
    {
        0 => [Pair("Authorization", Basic(c.Target.WebClientId, c.Target.WebSecret))],
        1 => [Pair("Authorization", Basic(c.Target.ServiceClientId, c.Target.ServiceSecret))],
        2 => [Pair("Authorization", c.Values.Pick(["Basic", "Basic !!!", "Basic Og==", Basic("\0", "\0"), Basic("%ZZ", "x"), "Bearer x", c.Values.Value()]))],
        _ => [],
    };

    private static List<KeyValuePair<string, string>> Bearer(FuzzContext c) =>
        [Pair("Authorization", $"Bearer {c.Values.Pick([c.Material.UserAccessToken, c.Material.ServiceAccessToken, c.Material.IdToken, c.Values.Value()])}")];

    private static List<KeyValuePair<string, string>> BrowserSession(FuzzContext c) =>
        c.Values.Chance(0.5) ? [Pair("Cookie", c.Values.Pick([c.Material.SignedInSession, c.Material.WaitingSession, $"ST={c.Values.Value()}"]))] : [];

    private static List<KeyValuePair<string, string>> WaitingSession(FuzzContext c) =>
        c.Values.Chance(0.8) ? [Pair("Cookie", c.Material.WaitingSession)] : [];

    private static List<KeyValuePair<string, string>> SignOnCookies(FuzzContext c) =>
        [Pair("Cookie", $"{c.Material.WaitingSession}; {c.Material.AntiforgeryCookie}")];

    private static List<KeyValuePair<string, string>> SignOnQuery(FuzzContext c) =>
        [Pair("flowId", FlowId(c)), Pair("handler", c.Values.Pick(SignOnHandlers))];

    private static string FlowId(FuzzContext c) => c.Values.Chance(0.8) ? c.Material.WaitingFlowId : c.Values.Encode(c.Values.Value());

    private static string Basic(string id, string secret) =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(id)}:{Uri.EscapeDataString(secret)}"));

    private static string Query(List<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(field => $"{Uri.EscapeDataString(field.Key)}={Uri.EscapeDataString(field.Value)}"));
}
