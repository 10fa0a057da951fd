namespace Flows.AuthServer.Requests;

/// <summary>
/// The most bytes a request body to the endpoint may have, applied by <c>RejectUnreadableRequests</c> before it
/// reads a form. ASP.NET Core's <c>[RequestSizeLimit]</c> is applied only at the endpoint, after the form was read,
/// where it can no longer take effect (and says so in a warning on every post).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class FormSizeLimitAttribute(long bytes) : Attribute
{
    public long Bytes => bytes;
}
