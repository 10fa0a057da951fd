namespace Flows.Fuzz;

/// <summary>
/// Live values the fuzzer mixes into requests so that they reach past the first checks. Each is a plausible
/// placeholder until <see cref="FuzzSetup"/> has obtained the real one.
/// </summary>
public sealed record FuzzMaterial
{
    /// <summary>A flow that waits on the user's password, and the ST cookie of the browser that owns it.</summary>
    public string WaitingFlowId { get; init; } = "unknown-flow";

    public string WaitingSession { get; init; } = "ST=unknown";

    /// <summary>The sign-on page's antiforgery cookie and form token for <see cref="WaitingSession"/>.</summary>
    public string AntiforgeryCookie { get; init; } = ".AspNetCore.Antiforgery.unknown=unknown";

    public string AntiforgeryToken { get; init; } = "unknown";

    /// <summary>A completed flow not resumed yet, and the ST cookie of its signed-in session.</summary>
    public string CompletedFlowId { get; init; } = "unknown-flow";

    public string SignedInSession { get; init; } = "ST=unknown";

    /// <summary>An authorization code not redeemed yet, with its PKCE verifier.</summary>
    public string Code { get; init; } = "unknown-code";

    public string CodeVerifier { get; init; } = "unknown-verifier";

    public string RefreshToken { get; init; } = "unknown-refresh-token";

    public string IdToken { get; init; } = "eyJhbGciOiJSUzI1NiJ9.e30.unknown";

    public string UserAccessToken { get; init; } = "unknown-access-token";

    public string ServiceAccessToken { get; init; } = "unknown-access-token";

    public string AdminAccessToken { get; init; } = "unknown-access-token";

    /// <summary>A management resource body exported from the target (a flow version), to mutate.</summary>
    public string FlowDefinition { get; init; } = """{"id":"fuzz-flow","name":"Fuzz","nodes":[],"edges":[]}""";

    /// <summary>The scratch environment that management writes go to, so the fuzzed one stays usable.</summary>
    public string ScratchEnvironment { get; init; } = "fuzz-scratch";

    /// <summary>What the last setup could not obtain, for the report.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}
