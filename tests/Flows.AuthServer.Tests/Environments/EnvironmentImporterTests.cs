using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Tests.Support;
using Flows.AuthServer.Users;
using Flows.Engine.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Support.SampleEnvironments;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Tests.Environments;

/// <summary>Importing an environment file: everything created at once, nothing when invalid, nothing twice.</summary>
public sealed class EnvironmentImporterTests : ImportTestBase
{
    [Fact]
    public async Task Import_creates_the_environment_with_keys_and_the_shipped_flows()
    {
        var result = await ImportAsync(File());

        var environment = await Server.InDatabaseAsync(db => db.Environments.SingleAsync());
        var keyUses = await Server.InDatabaseAsync(db => db.SigningKeys.Where(k => k.EnvironmentId == Id).Select(k => k.Use + ":" + k.Status).ToListAsync());
        var flow = await Server.InScopeAsync(services =>
            services.GetRequiredService<IFlowDefinitionStore>().FindLatestAsync(Id, ShippedFlow, CancellationToken.None));

        Assert.True(result.Created);
        Assert.Equal((Id, "Sample", "username-password"), (environment.Id, environment.Name, environment.DefaultFlowId));
        // An encryption key, the signing key and the next one, published before it signs.
        Assert.Equal(["enc:active", "sig:active", "sig:next"], keyUses.Order());
        Assert.Equal(1, flow!.Version);
        Assert.Equal(ShippedFlowIds.Order(), result.PublishedFlows.Order());
    }

    [Fact]
    public async Task Applications_are_created_with_their_flow_and_found_only_in_their_environment()
    {
        await ImportAsync(File());
        await ImportAsync(File() with { Id = "elsewhere", Applications = [], Users = [] });

        var (flowId, pkce) = await WithApplicationAsync(Id, SpaClient, async (manager, spa) =>
            (((FlowsApplication)spa!).FlowId, await manager.HasRequirementAsync(spa, Requirements.Features.ProofKeyForCodeExchange)));
        var elsewhere = await WithApplicationAsync("elsewhere", SpaClient, (_, spa) => Task.FromResult(spa));

        Assert.Equal(ShippedFlow, flowId);
        Assert.True(pkce);
        Assert.Null(elsewhere);
    }

    [Fact]
    public async Task A_given_client_secret_is_stored_hashed_and_not_returned()
    {
        var result = await ImportAsync(File());

        var valid = await WithApplicationAsync(Id, WebClient, async (manager, web) => await manager.ValidateClientSecretAsync(web!, WebSecret));
        var stored = await Server.InDatabaseAsync(db => db.Applications.Where(a => a.ClientId == WebClient).Select(a => a.ClientSecret).SingleAsync());

        Assert.True(valid);
        Assert.NotEqual(WebSecret, stored);
        Assert.Null(result.Applications.Single(a => a.ClientId == WebClient).GeneratedSecret);
        Assert.Null(result.Applications.Single(a => a.ClientId == SpaClient).GeneratedSecret);
    }

    [Fact]
    public async Task A_generated_client_secret_is_returned_once_and_works()
    {
        var result = await ImportAsync(File());

        var secret = result.Applications.Single(a => a.ClientId == ServiceClient).GeneratedSecret!;
        var valid = await WithApplicationAsync(Id, ServiceClient, async (manager, service) => await manager.ValidateClientSecretAsync(service!, secret));

        Assert.True(secret.Length >= 16);
        Assert.True(valid);
    }

    [Fact]
    public async Task Users_are_created_with_given_or_generated_passwords_and_generated_authenticators()
    {
        var result = await ImportAsync(File());

        var carol = result.Users.Single(u => u.Username == Carol);
        var dave = result.Users.Single(u => u.Username == Dave);
        var carolCheck = await CheckAsync(Carol, CarolPassword);
        var daveCheck = await CheckAsync(Dave, dave.GeneratedPassword!);
        var daveKey = await Server.InScopeAsync(services =>
            services.GetRequiredService<IUserDirectory>().GetTotpSecretAsync(Id, dave.UserId, CancellationToken.None));

        Assert.Null(carol.GeneratedPassword);
        Assert.Null(carol.GeneratedTotp);
        Assert.Equal(PasswordCheckResult.Success, carolCheck.Result);
        Assert.Equal(["staff"], carolCheck.User!.Groups);
        Assert.Equal(PasswordCheckResult.Success, daveCheck.Result);
        Assert.True(TotpKeys.TryDecode(dave.GeneratedTotp!.Secret, out var expectedKey));
        Assert.Equal(expectedKey, daveKey);
        Assert.Equal($"otpauth://totp/Flows%20Sample:dave?secret={dave.GeneratedTotp.Secret}&issuer=Flows%20Sample&algorithm=SHA1&digits=6&period=30", dave.GeneratedTotp.Uri);
    }

    [Fact]
    public async Task Importing_an_existing_environment_again_changes_nothing()
    {
        await ImportAsync(File());
        var before = await CountRowsAsync();

        var again = await ImportAsync(File() with { Name = "Renamed", Users = [new EnvironmentFileUser { Username = "eve" }] });

        Assert.False(again.Created);
        Assert.Empty(again.Applications);
        Assert.Empty(again.Users);
        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal("Sample", (await Server.InDatabaseAsync(db => db.Environments.SingleAsync())).Name);
        Assert.Contains(Server.Logs.Messages, message => message.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_file_is_refused_with_every_problem_and_creates_nothing()
    {
        var file = File() with
        {
            Applications = [File().Applications[0] with { GrantTypes = ["authorization_code", "refresh_token", "password"], RedirectUris = ["/callback"] }],
            Users = [new EnvironmentFileUser { Username = "carol" }, new EnvironmentFileUser { Username = "Carol" }],
        };

        var refused = await Assert.ThrowsAsync<EnvironmentImportException>(() => ImportAsync(file));

        Assert.Equal(3, refused.Problems.Count);
        Assert.Contains("grant type 'password' is unknown", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'/callback' is not an absolute URI", refused.Message, StringComparison.Ordinal);
        Assert.Contains("username is used by another user", refused.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), await CountRowsAsync());
        Assert.Null(await Server.InScopeAsync(services =>
            services.GetRequiredService<IFlowDefinitionStore>().FindLatestAsync(Id, ShippedFlow, CancellationToken.None)));
    }

    private Task<PasswordCheck> CheckAsync(string username, string password) => Server.InScopeAsync(services =>
        services.GetRequiredService<IUserDirectory>().CheckPasswordAsync(Id, username, password, CancellationToken.None));
}
