using Flows.AuthServer.Environments;
using Microsoft.AspNetCore.DataProtection;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// The Data Protection provider OpenIddict protects its Data Protection tokens with (authorization codes): every
/// protector also takes the request's environment as a purpose, so a code issued in one environment cannot even be
/// read in another. The key ring is the nodes' shared one, so a code issued on one node is redeemed on any other.
/// </summary>
public sealed class EnvironmentDataProtection(IDataProtectionProvider keyRing, IHttpContextAccessor requests) : IDataProtectionProvider
{
    /// <summary>The purpose a payload protected outside any environment takes; none is, as OpenIddict runs only in one.</summary>
    public const string NoEnvironment = "Flows.NoEnvironment";

    public IDataProtector CreateProtector(string purpose) => new EnvironmentProtector(keyRing.CreateProtector(purpose), requests);

    private sealed class EnvironmentProtector(IDataProtector purposes, IHttpContextAccessor requests) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => new EnvironmentProtector(purposes.CreateProtector(purpose), requests);

        public byte[] Protect(byte[] plaintext) => ForCurrentEnvironment().Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData) => ForCurrentEnvironment().Unprotect(protectedData);

        private IDataProtector ForCurrentEnvironment()
        {
            var environment = requests.HttpContext?.RequestServices.GetService<EnvironmentContext>()?.Current;
            return purposes.CreateProtector(environment is null ? NoEnvironment : "Flows.Environment:" + environment.Id);
        }
    }
}
