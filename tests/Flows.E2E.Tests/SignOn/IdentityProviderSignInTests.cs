using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Flows.AuthServer.Data;
using Flows.AuthServer.IdentityProviders;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.Engine.Definitions;
using Flows.Engine.Runtime;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.SignOn;

/// <summary>
/// A person signs in through an upstream identity provider: the hosted page's "Continue with Corporate", the
/// provider's own sign-in page (oidc-provider, a certified OpenID provider on its own port), and back to the
/// application with a code whose tokens name the user created for them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IdentityProviderSignInTests(BrowserFixture browser, AuthServerFixture server)
{
    private const string ProviderId = "corporate";
    private const string ProviderName = "Corporate";
    private const string FlowId = "continue-with-corporate";
    private const string UpstreamClientId = "flows-e2e";
    private const string UpstreamClientSecret = "upstream-secret-for-e2e-only";
    private const string UpstreamUsername = "nora";
    private const string UpstreamEmail = "nora@corp.e2e";

    [Fact]
    public async Task A_person_continues_with_the_identity_provider_and_comes_back_to_the_application_signed_in()
    {
        var callback = server.Url(E2EEnvironment.FederatedCallbackPath);
        await using var upstream = await UpstreamOidcProvider.StartAsync(UpstreamClientId, UpstreamClientSecret,
            new Uri(server.Url($"/{E2EEnvironment.Id}/idp/{ProviderId}/callback")), [new("sub-nora-e2e", UpstreamUsername, UpstreamEmail)]);
        await ConfigureAsync(upstream.Issuer);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));

        // The hosted page offers the provider by its name; following it leaves for the provider's own page.
        await page.GotoAsync(server.Url($"{E2EEnvironment.AuthorizePath}?{AuthorizeQuery(callback, verifier)}"));
        await pages.ExpectSignOnStepAsync("Sign in");
        await Screenshots.SaveAsync(page, "1-continue-with");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Continue with {ProviderName}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"^{upstream.Issuer.AbsoluteUri.TrimEnd('/')}/interaction/"));
        await Screenshots.SaveAsync(page, "2-upstream");

        // Signed in upstream, the browser comes back through the callback to the application with a code.
        await page.GetByLabel("Username").FillAsync(UpstreamUsername);
        var arrived = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in upstream" }).ClickAsync(),
            request => request.Url.StartsWith(callback + "?", StringComparison.Ordinal));
        var parameters = new Uri(arrived.Url).Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

        Assert.Equal("federated-state", parameters["state"]);
        var idToken = await RedeemAsync(parameters["code"], callback, verifier);
        var nora = await InDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.EnvironmentId == E2EEnvironment.Id && u.Email == UpstreamEmail));
        Assert.Equal(nora.Id, idToken["sub"]!.GetValue<string>());
        Assert.Contains("fed", idToken["amr"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("federated-nonce", idToken["nonce"]!.GetValue<string>());
    }

    /// <summary>The provider in the environment, and the application bound to a flow that offers it with a button.</summary>
    private async Task ConfigureAsync(Uri issuer)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var providers = scope.ServiceProvider.GetRequiredService<IdentityProviderService>();
        var request = new IdentityProviderRequest
        {
            Name = ProviderName, Issuer = issuer.AbsoluteUri.TrimEnd('/'), ClientId = UpstreamClientId, ClientSecret = UpstreamClientSecret,
            Scopes = ["profile", "email"], Domains = ["corp.e2e"],
        };
        var created = await providers.CreateAsync(E2EEnvironment.Id, request with { Id = ProviderId }, actor: null, CancellationToken.None);
        if (created.Error is not null)
        {
            // A second run against the same server: the provider exists, with the previous upstream's issuer.
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            await db.IdentityProviders.Where(p => p.EnvironmentId == E2EEnvironment.Id && p.Id == ProviderId).ExecuteDeleteAsync();
            Assert.Null((await providers.CreateAsync(E2EEnvironment.Id, request with { Id = ProviderId }, actor: null, CancellationToken.None)).Error);
        }

        var flow = FlowDefinitionSerializer.Deserialize(FlowJson);
        await scope.ServiceProvider.GetRequiredService<FlowPublisher>().PublishAsync(E2EEnvironment.Id, flow, "e2e", CancellationToken.None);
        var applications = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        await applications.Applications.Where(a => a.EnvironmentId == E2EEnvironment.Id && a.ClientId == E2EEnvironment.FederatedClientId)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.FlowId, FlowId));
    }

    private static string AuthorizeQuery(string callback, string verifier) => string.Join("&", new Dictionary<string, string>
    {
        ["client_id"] = E2EEnvironment.FederatedClientId,
        ["redirect_uri"] = callback,
        ["response_type"] = "code",
        ["scope"] = "openid profile email",
        ["state"] = "federated-state",
        ["nonce"] = "federated-nonce",
        ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
        ["code_challenge_method"] = "S256",
    }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>Redeems the code as the (public) application does; returns the ID token's payload.</summary>
    private async Task<JsonObject> RedeemAsync(string code, string callback, string verifier)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(server.Url($"/{E2EEnvironment.Id}/as/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = callback,
            ["client_id"] = E2EEnvironment.FederatedClientId, ["code_verifier"] = verifier,
        }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        var payload = body["id_token"]!.GetValue<string>().Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')))!.AsObject();
    }

    private async Task<T> InDatabaseAsync<T>(Func<ServerDbContext, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ServerDbContext>());
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The provider behind a "Continue with" button; its users are created at their first sign-in.</summary>
    private const string FlowJson = """
        {
          "id": "continue-with-corporate", "version": 0, "name": "Continue with Corporate", "start": "provider",
          "nodes": [
            { "id": "provider", "type": "SignInWithIdentityProvider", "name": "Corporate",
              "properties": { "provider": "corporate", "redirectImmediately": false, "createUsers": true } },
            { "id": "failed", "type": "Deny", "name": "Failed", "properties": { "message": "The sign-in did not complete.", "code": "EXTERNAL_SIGN_IN_FAILED" } },
            { "id": "signIn", "type": "SignIn", "name": "Sign in", "properties": {} }
          ],
          "edges": [
            { "from": "provider", "outcome": "success", "to": "signIn" },
            { "from": "provider", "outcome": "failed", "to": "failed" }
          ]
        }
        """;
}
