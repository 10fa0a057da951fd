using static Flows.Fuzz.FuzzContext;

namespace Flows.Fuzz;

/// <summary>
/// The <c>/v1</c> management API. Reads go to the fuzzed environment; writes go to a scratch environment (or to
/// names that do not exist), so the applications, users and flows the other endpoints need stay as they are.
/// </summary>
public static class ManagementEndpoints
{
    private const string Environment = """{"id":"fuzz-new","name":"Fuzz new","defaultFlow":"username-password"}""";
    private const string Application = """{"name":"Fuzz app","type":"confidential","grantTypes":["authorization_code","refresh_token"],"redirectUris":["https://fuzz.test/cb"],"postLogoutRedirectUris":[],"scopes":["openid","profile"],"flow":"username-password","flowVersion":1}""";
    private const string User = """{"username":"fuzz-user","email":"fuzz@fuzz.test","name":"Fuzz","password":"fuzz-password-1","enabled":true,"groups":["staff"],"attributes":{"a":"b"}}""";
    private const string Import = """{"id":"fuzz-import","name":"Fuzz import","defaultFlow":"username-password","applications":[],"users":[]}""";
    private const string IdentityProvider = """{"id":"fuzz-idp","name":"Fuzz IdP","type":"oidc","issuer":"https://idp.fuzz.test/","clientId":"fuzz","clientSecret":"fuzz-secret","scopes":["openid","email"],"claims":{"email":"email"},"domains":["fuzz.test"]}""";

    private static readonly string[] Lists = ["", "?pageSize=1", "?pageSize=-1", "?pageSize=501", "?pageSize=abc", "?after=%00", "?after=garbage"];

    public static IReadOnlyList<FuzzEndpoint> All { get; } =
    [
        Read("environments", _ => "/v1/environments"),
        Read("environment", c => $"/v1/environments/{c.Values.Pick([c.Env, "admin", c.Material.ScratchEnvironment, Random(c)])}"),
        Read("export", c => $"/v1/environments/{c.Values.Pick([c.Env, Random(c)])}/export"),
        Read("applications", c => $"/v1/environments/{c.Env}/applications{c.Values.Pick(Lists)}"),
        Read("application", c => $"/v1/environments/{c.Env}/applications/{c.Values.Pick([c.Target.WebClientId, Random(c)])}"),
        Read("users", c => $"/v1/environments/{c.Env}/users{c.Values.Pick([.. Lists, "?username=b", "?enabled=maybe", "?username=%00"])}"),
        Read("flows", c => $"/v1/environments/{c.Env}/flows{c.Values.Pick(Lists)}"),
        Read("flow versions", c => $"/v1/environments/{c.Env}/flows/username-password/versions{c.Values.Pick(["", "/1", "/0", "/-1", "/99999999999", "/abc"])}"),
        Read("draft", c => $"/v1/environments/{c.Env}/flows/{c.Values.Pick(["username-password", Random(c)])}/draft"),
        Read("flow instances", c => $"/v1/environments/{c.Env}/flowInstances{c.Values.Pick([.. Lists, "?status=SUSPENDED", "?status=%00", "?createdAfter=yesterday", "?createdBefore=9999-99-99", "?olderThan=P1D", "?olderThan=forever", "?definitionVersion=-5"])}"),
        Read("flow instance", c => $"/v1/environments/{c.Env}/flowInstances/{c.Values.Pick([c.Material.WaitingFlowId, Random(c)])}"),
        Read("audit", c => c.Values.Pick(["/v1/auditEntries", $"/v1/environments/{c.Env}/auditEntries"]) + c.Values.Pick(Lists)),
        Read("catalog", c => c.Values.Pick(["/v1/activities", "/v1/openapi.json", "/v1/reference", "/v1", "/v1/nothing"])),
        Read("identity providers", c => $"/v1/environments/{c.Env}/identityProviders{c.Values.Pick(["", "/corporate", "/" + Random(c)])}"),
        Read("outbound", c => $"/v1/environments/{c.Values.Pick([c.Env, Random(c)])}/outbound"),
        Read("user factors", c => $"/v1/environments/{c.Env}/users/{Random(c)}/{c.Values.Pick(["passkeys", "recoveryCodes", "identityLinks"])}"),
        Read("signing keys", c => $"/v1/environments/{c.Values.Pick([c.Env, Random(c)])}/signingKeys"),
        Write("create identity provider", "POST", c => $"/v1/environments/{Scratch(c)}/identityProviders", _ => IdentityProvider),
        Write("replace identity provider", "PUT", c => $"/v1/environments/{Scratch(c)}/identityProviders/{Random(c)}", _ => IdentityProvider),
        Write("set outbound", "PUT", c => $"/v1/environments/{Scratch(c)}/outbound", _ => """{"allowedHosts":["risk.example.com","*."],"allowedPrivateAddresses":["10.0.0.0/33","::1"]}"""),
        Write("outbound secret", "POST", c => $"/v1/environments/{Scratch(c)}/outbound/secret", _ => ""),
        Write("reissue recovery codes", "POST", c => $"/v1/environments/{Scratch(c)}/users/{Random(c)}/recoveryCodes", _ => ""),
        Write("remove passkey", "DELETE", c => $"/v1/environments/{Scratch(c)}/users/{Random(c)}/passkeys/{Random(c)}", _ => ""),
        Write("rotate signing key", "POST", c => $"/v1/environments/{Scratch(c)}/signingKeys/rotate", _ => ""),
        Write("create environment", "POST", _ => "/v1/environments", _ => Environment),
        Write("import environment", "POST", _ => "/v1/environments/import", _ => Import),
        Write("change environment", "PATCH", c => $"/v1/environments/{c.Values.Pick([c.Material.ScratchEnvironment, Random(c)])}", _ => """{"name":"Renamed","defaultFlow":"username-password"}"""),
        Write("delete environment", "DELETE", c => $"/v1/environments/{Random(c)}", _ => ""),
        Write("create application", "POST", c => $"/v1/environments/{Scratch(c)}/applications", _ => Application),
        Write("change application", "PATCH", c => $"/v1/environments/{Scratch(c)}/applications/{Random(c)}", _ => Application),
        Write("rotate secret", "POST", c => $"/v1/environments/{Scratch(c)}/applications/{Random(c)}/secret", _ => ""),
        Write("delete application", "DELETE", c => $"/v1/environments/{Scratch(c)}/applications/{Random(c)}", _ => ""),
        Write("create user", "POST", c => $"/v1/environments/{Scratch(c)}/users", _ => User),
        Write("change user", "PATCH", c => $"/v1/environments/{Scratch(c)}/users/{Random(c)}", _ => User),
        Write("set password", "PUT", c => $"/v1/environments/{Scratch(c)}/users/{Random(c)}/password", _ => """{"password":"fuzz-password-2"}"""),
        Write("unlock", "POST", c => $"/v1/environments/{Scratch(c)}/users/{Random(c)}/unlock", _ => ""),
        Write("enroll totp", "POST", c => $"/v1/environments/{Scratch(c)}/users/{Random(c)}/mfaDevices/totp", _ => "{}"),
        Write("create flow", "POST", c => $"/v1/environments/{Scratch(c)}/flows", c => c.Material.FlowDefinition),
        Write("import flow", "POST", c => $"/v1/environments/{Scratch(c)}/flows/import", c => c.Material.FlowDefinition),
        Write("save draft", "PUT", c => $"/v1/environments/{Scratch(c)}/flows/username-password/draft", c => c.Material.FlowDefinition),
        Write("flow action", "POST", c => $"/v1/environments/{Scratch(c)}/flows/username-password/{c.Values.Pick(["validate", "publish", "clone"])}", _ => """{"note":"fuzz","id":"fuzz-clone","name":"Clone"}"""),
        Write("default version", "PUT", c => $"/v1/environments/{Scratch(c)}/flows/username-password/default", _ => """{"version":1}"""),
        Write("cancel instance", "POST", c => $"/v1/environments/{Scratch(c)}/flowInstances/{Random(c)}/cancel", _ => ""),
    ];

    private static FuzzEndpoint Read(string name, Func<FuzzContext, string> path) =>
        new($"v1 {name}", "GET", BodyKind.Query, path) { Headers = AdminBearer, OtherMethods = FuzzEndpoint.SafeMethod };

    private static FuzzEndpoint Write(string name, string method, Func<FuzzContext, string> path, Func<FuzzContext, string> json) =>
        new($"v1 {name}", method, BodyKind.Json, path) { Headers = AdminBearer, Json = json };

    private static List<KeyValuePair<string, string>> AdminBearer(FuzzContext c) => c.Values.Next(10) switch
    {
        < 8 => c.Values.Chance(0.1)
            ? [Pair("Authorization", $"Bearer {c.Material.AdminAccessToken}"), Pair("If-Match", c.Values.Pick(["*", "\"0\"", c.Values.Value()]))]
            : [Pair("Authorization", $"Bearer {c.Material.AdminAccessToken}")],
        8 => [Pair("Authorization", $"Bearer {c.Values.Pick([c.Material.ServiceAccessToken, c.Material.UserAccessToken, c.Values.Value()])}")],
        _ => [],
    };

    private static string Scratch(FuzzContext c) => c.Values.Chance(0.9) ? c.Material.ScratchEnvironment : c.Env + "-nope";

    private static string Random(FuzzContext c) => c.Values.Chance(0.5) ? $"fuzz-{c.Values.Next(1000)}" : c.Values.Encode(c.Values.Value());
}
