using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Flows.Designer.Services;

/// <summary>
/// What the administrator of this circuit may do, by <see cref="DesignerPolicies"/>: the pages ask it to show or hide
/// their changes, the host's services ask it again before doing one. Per circuit (scoped), on the circuit's current
/// authentication state, which the host revalidates while the circuit lives.
/// </summary>
public sealed class DesignerAccess(AuthenticationStateProvider authentication, IAuthorizationService authorization)
{
    public Task<bool> CanWriteAsync() => AllowsAsync(DesignerPolicies.Write);

    public async Task<bool> AllowsAsync(string policy)
    {
        AuthenticationState state;
        try
        {
            state = await authentication.GetAuthenticationStateAsync();
        }
        catch (InvalidOperationException)
        {
            // No authentication state: not a circuit anyone signed in to.
            return false;
        }

        return (await authorization.AuthorizeAsync(state.User, policy)).Succeeded;
    }

    /// <summary>Throws <see cref="DesignerAccessDeniedException"/> unless <paramref name="policy"/> allows the administrator.</summary>
    public async Task DemandAsync(string policy)
    {
        if (!await AllowsAsync(policy))
        {
            throw new DesignerAccessDeniedException(policy);
        }
    }
}

/// <summary>A designer call the circuit's administrator may not make (a role they lack, or a sign-in no longer valid).</summary>
public sealed class DesignerAccessDeniedException(string policy)
    : Exception(policy == DesignerPolicies.Write ? DesignerAccessDeniedException.ReadOnlyMessage : "Your sign-in is no longer valid: reload the page.")
{
    public const string ReadOnlyMessage = "Your administrator role allows reading only: nothing was changed.";

    public string Policy { get; } = policy;
}
