using System.Security.Claims;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Tests.Management;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// A designer circuit outlives the request that opened it: its authentication state is checked again while it lives,
/// and an administrator who was disabled, deleted or given other roles is signed out of it.
/// </summary>
public sealed class DesignerCircuitRevalidationTests(DesignerServerFixture server) : IClassFixture<DesignerServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private ManagementApi Api => new(server.CreateRawClient());

    [Fact]
    public async Task A_circuit_of_an_administrator_who_is_disabled_meanwhile_loses_its_authentication()
    {
        var admin = await Api.TokenAsync();
        var user = await Administrators.CreateAsync(Api, admin, ManagementUsers.UniqueName("circuit-disabled"), ManagementScopes.Read, ManagementScopes.Write);
        await using var circuit = server.Services.CreateAsyncScope();
        var changed = SignIn(circuit, user, ManagementScopes.Read, ManagementScopes.Write);

        await Api.PatchAsync(user, admin, new { enabled = false });

        var state = await changed.WaitAsync(Patience);
        Assert.False(state.User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task A_circuit_of_an_administrator_who_is_deleted_meanwhile_loses_its_authentication()
    {
        var admin = await Api.TokenAsync();
        var user = await Administrators.CreateAsync(Api, admin, ManagementUsers.UniqueName("circuit-deleted"), ManagementScopes.Read);
        await using var circuit = server.Services.CreateAsyncScope();
        var changed = SignIn(circuit, user, ManagementScopes.Read);

        await Api.DeleteAsync(user, admin);

        Assert.False((await changed.WaitAsync(Patience)).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task A_circuit_whose_administrator_lost_the_write_role_is_signed_out_so_that_a_reload_takes_the_new_roles()
    {
        var admin = await Api.TokenAsync();
        var user = await Administrators.CreateAsync(Api, admin, ManagementUsers.UniqueName("circuit-demoted"), ManagementScopes.Read, ManagementScopes.Write);
        await using var circuit = server.Services.CreateAsyncScope();
        var changed = SignIn(circuit, user, ManagementScopes.Read, ManagementScopes.Write);

        await Api.PatchAsync(user, admin, new { groups = new[] { ManagementScopes.Read } });

        Assert.False((await changed.WaitAsync(Patience)).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task A_circuit_of_an_administrator_still_enabled_with_the_same_roles_stays_signed_in()
    {
        var admin = await Api.TokenAsync();
        var user = await Administrators.CreateAsync(Api, admin, ManagementUsers.UniqueName("circuit-kept"), ManagementScopes.Read);
        await using var circuit = server.Services.CreateAsyncScope();
        var changed = SignIn(circuit, user, ManagementScopes.Read);

        // Several revalidations pass meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.False(changed.IsCompleted);
        var state = await circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>().GetAuthenticationStateAsync();
        Assert.True(state.User.Identity?.IsAuthenticated);
    }

    /// <summary>
    /// What Blazor does when a circuit starts: the connection's user becomes the circuit's state. Returns the next state
    /// the circuit changes to.
    /// </summary>
    private static Task<AuthenticationState> SignIn(AsyncServiceScope circuit, string userPath, params string[] roles)
    {
        var subject = userPath[(userPath.LastIndexOf('/') + 1)..];
        var claims = new List<Claim> { new("sub", subject) };
        claims.AddRange(roles.Select(role => new Claim("role", role)));
        var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(claims, "Designer", "sub", "role")))));

        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);
        return changed.Task;
    }
}
