using System.Net;
using Flows.AuthServer.Tests.Hosting;
using Flows.Designer;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// A person's token works on /v1 too: the administrator signs in with the authorization code flow + PKCE through
/// the designer's client, asks for the management scopes, and the API knows them by their user id.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class AdministratorTokenTests(ManagementServerFixture server)
{
    private const string DesignerClientId = "flows-designer";

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task An_administrators_code_flow_token_reads_and_writes_and_the_audit_log_names_them()
    {
        var api = new ManagementApi(server.CreateClient());
        var clientToken = await api.TokenAsync();
        var designer = await api.GetAsync($"/v1/environments/admin/applications/{DesignerClientId}", clientToken);
        var redirect = designer.Body["redirectUris"]!.AsArray()[0]!.GetValue<string>();
        Assert.EndsWith(FlowsDesigner.BasePath + "/signin-oidc", redirect);

        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();
        var authorize = SignIn.AuthorizeUrl(DesignerClientId, redirect, pkce, scope: "openid flows.read flows.write", environment: "admin");
        var code = SignIn.Parameters(await SignIn.RunWithAuthenticatorAsync(browser, authorize, ManagementServerFixture.AdminUsername,
            ManagementServerFixture.AdminPassword, server.AdminAuthenticator, environment: "admin"))["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(_http, code, redirect, pkce.Verifier, DesignerClientId, secret: null, environment: "admin");
        Assert.Equal(HttpStatusCode.OK, status);
        var token = tokens["access_token"]!.GetValue<string>();

        var read = await api.GetAsync("/v1/environments", token);
        var created = await api.PostAsync("/v1/environments", token, new { id = "by-a-person", name = "By a person" });

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var log = await api.GetAsync("/v1/auditEntries?pageSize=500", clientToken);
        var entry = log.Body["items"]!.AsArray().First(e => e!["path"]!.GetValue<string>() == "/v1/environments" && e["status"]!.GetValue<int>() == 201
            && e["actor"]!.GetValue<string>() != "flows-admin");
        var admin = await api.GetAsync($"/v1/environments/admin/users?username={ManagementServerFixture.AdminUsername}&exact=true", clientToken);
        Assert.Equal(admin.Body["items"]!.AsArray().Single()!["id"]!.GetValue<string>(), entry!["actor"]!.GetValue<string>());
    }
}
