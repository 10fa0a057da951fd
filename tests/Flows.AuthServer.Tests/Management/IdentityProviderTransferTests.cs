using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.IdentityProviders;
using Flows.AuthServer.Management;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// An environment's identity providers and outbound settings through export and import: the export carries the
/// provider without its client secret; a copy imported from it has the provider without a secret until one is set, the
/// original keeps its own; an import's generated outbound secret is in its answer.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class IdentityProviderTransferTests(ManagementServerFixture server)
{
    private const string Import = "/v1/environments/import";
    private const string UpstreamSecret = "upstream-secret-for-transfer-tests";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task An_export_holds_the_provider_without_its_client_secret()
    {
        var token = await Api.TokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Import, token, File("idp-export-env"))).Status);

        var exported = await Api.GetAsync("/v1/environments/idp-export-env/export", token);

        Assert.Equal(HttpStatusCode.OK, exported.Status);
        var provider = exported.Body["identityProviders"]!.AsArray().Single()!.AsObject();
        Assert.Equal(("corporate", "https://login.corp.test", "flows"),
            (provider["id"]!.GetValue<string>(), provider["issuer"]!.GetValue<string>(), provider["clientId"]!.GetValue<string>()));
        Assert.False(provider.ContainsKey("clientSecret"));
        Assert.DoesNotContain(UpstreamSecret, exported.Body.ToJsonString());
        Assert.Equal(["risk.test"], exported.Body["outbound"]!["allowedHosts"]!.AsArray().Select(h => h!.GetValue<string>()));
    }

    [Fact]
    public async Task A_copy_imported_from_the_export_has_the_provider_without_a_secret_until_one_is_set_and_the_original_keeps_its_own()
    {
        var token = await Api.TokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Import, token, File("idp-original-env"))).Status);
        var exported = await Api.GetAsync("/v1/environments/idp-original-env/export", token);
        var copy = exported.Body.DeepClone().AsObject();
        copy["id"] = "idp-copy-env";

        var imported = await Api.SendAsync(HttpMethod.Post, Import, token, copy.ToJsonString());
        var copied = await Api.GetAsync("/v1/environments/idp-copy-env/identityProviders/corporate", token);
        var reimported = await Api.SendAsync(HttpMethod.Post, Import, token, exported.Body.ToJsonString());
        var original = await Api.GetAsync("/v1/environments/idp-original-env/identityProviders/corporate", token);
        var secretSet = await Api.PutAsync("/v1/environments/idp-copy-env/identityProviders/corporate", token, new IdentityProviderRequest
        {
            Name = "Corporate", Issuer = "https://login.corp.test", ClientId = "flows", ClientSecret = "a-secret-for-the-copy",
        });

        Assert.Equal(HttpStatusCode.Created, imported.Status);
        Assert.False(copied.Body["hasClientSecret"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Conflict, reimported.Status);
        Assert.True(original.Body["hasClientSecret"]!.GetValue<bool>());
        Assert.Equal(UpstreamSecret, await StoredSecretAsync("idp-original-env"));
        Assert.True(secretSet.Body["hasClientSecret"]!.GetValue<bool>());
        Assert.Equal("a-secret-for-the-copy", await StoredSecretAsync("idp-copy-env"));
    }

    [Fact]
    public async Task An_import_with_outbound_settings_answers_the_generated_outbound_secret_once()
    {
        var token = await Api.TokenAsync();

        var imported = await Api.PostAsync(Import, token, File("outbound-import-env"));
        var exported = await Api.GetAsync("/v1/environments/outbound-import-env/export", token);

        Assert.Equal(HttpStatusCode.Created, imported.Status);
        var secret = imported.Text("outboundSecret");
        Assert.True(secret.Length >= 32);
        Assert.DoesNotContain(secret, exported.Body.ToJsonString());
        Assert.DoesNotContain(secret, (await Api.GetAsync("/v1/environments/outbound-import-env/outbound", token)).Body.ToJsonString());
    }

    private static object File(string id) => new
    {
        id,
        name = $"Transfer {id}",
        defaultFlow = "username-password",
        identityProviders = new[]
        {
            new
            {
                id = "corporate", name = "Corporate", type = "oidc", issuer = "https://login.corp.test", clientId = "flows",
                clientSecret = UpstreamSecret, scopes = new[] { "profile", "email" }, domains = new[] { "corp.test" },
            },
        },
        outbound = new { allowedHosts = new[] { "risk.test" }, allowedPrivateAddresses = Array.Empty<string>() },
    };

    private async Task<string> StoredSecretAsync(string environmentId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var stored = await db.IdentityProviders.AsNoTracking().SingleAsync(p => p.EnvironmentId == environmentId && p.Id == "corporate");
        return scope.ServiceProvider.GetRequiredService<IdentityProviderSecrets>().Unprotect(stored.ProtectedClientSecret!);
    }
}
