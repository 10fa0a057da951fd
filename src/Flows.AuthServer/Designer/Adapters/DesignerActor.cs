using System.Security.Claims;
using Flows.AuthServer.Audit;
using Flows.Designer;
using Microsoft.AspNetCore.Components.Authorization;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// Who makes a designer change, for the audit entry the service writes: the administrator signed in to the circuit
/// (one per circuit: scoped), the method of the <c>/v1</c> call that makes the same change, and a designer path.
/// </summary>
public sealed class DesignerActor(AuthenticationStateProvider authentication)
{
    /// <summary>The signed-in administrator changing what <paramref name="path"/> (under the designer's base path) names.</summary>
    public async Task<AuditActor> OfAsync(string method, string path) => new(await SubjectAsync(), method, FlowsDesigner.BasePath + path);

    private async Task<string> SubjectAsync()
    {
        try
        {
            return AuditActor.SubjectOf((await authentication.GetAuthenticationStateAsync()).User);
        }
        catch (InvalidOperationException)
        {
            // No authentication state outside a circuit (a test host's own scope, say): the change is still logged.
            return AuditActor.Unknown;
        }
    }
}
