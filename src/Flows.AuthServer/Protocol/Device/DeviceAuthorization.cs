using Flows.AuthServer.Flows;

namespace Flows.AuthServer.Protocol.Device;

/// <summary>
/// The device authorization grant (RFC 8628) of every environment: the device asks at <c>/{env}/as/device_authorization</c>,
/// its user goes to the verification page <c>/{env}/device</c>, a flow, whose completion resumes at OpenIddict's end-user
/// verification endpoint <c>/{env}/as/device/resume</c>, which finishes the device's request for the token endpoint.
/// </summary>
public static class DeviceAuthorization
{
    /// <summary>Relative to the environment's issuer.</summary>
    public const string EndpointPath = "device_authorization";

    /// <summary>OpenIddict's end-user verification endpoint, relative to the environment's issuer: only ever a flow's resume.</summary>
    public const string ResumePath = FlowUrls.DeviceResumePath;

    /// <summary>
    /// How long a device waits between polls (RFC 8628 §3.2 interval; §3.5: 5 seconds when not said). A poll sooner gets
    /// <c>slow_down</c>, and its code 5 seconds more from then on.
    /// </summary>
    public static readonly TimeSpan PollingInterval = TimeSpan.FromSeconds(5);

    /// <summary>The verification page users type the code on (RFC 8628 §3.2 verification_uri).</summary>
    public static string PagePath(string environmentId) => $"/{environmentId}/device";

    /// <summary>Where the end-user verification endpoint sends the user once the device's request is answered.</summary>
    public static string AnsweredPath(string environmentId, bool allowed) =>
        $"/{environmentId}/device/{(allowed ? DeviceVerificationPage.Allowed : DeviceVerificationPage.Denied)}";
}
