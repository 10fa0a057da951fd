using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Engine.Definitions;
using Flows.Testing;
using Npgsql;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL behind nginx: whatever an administrator changes on node 1 holds on node 2 at its very
/// next request, although node 2 had the old state in its caches; and a sign-in may move between the nodes at every
/// step. Each test first makes node 2 cache what it is about to change, then changes it on node 1.
/// </summary>
public sealed class ClusterInvalidationTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private const string PausedCode = "SIGN_INS_PAUSED";
    private const string Username = "erin";
    private const string Password = "erin-password-1";

    [Fact]
    public async Task Nginx_sends_each_request_to_the_node_it_names()
    {
        using var first = await cluster.Client(1).GetAsync("/");
        using var second = await cluster.Client(2).GetAsync("/");

        Assert.Equal(cluster.Node1.BaseAddress.Authority, ClusterFixture.Upstream(first.Headers));
        Assert.Equal(cluster.Node2.BaseAddress.Authority, ClusterFixture.Upstream(second.Headers));
    }

    [Fact]
    public async Task A_client_secret_rotated_on_node_1_is_refused_on_node_2_and_the_new_one_accepted()
    {
        var (clientId, secret) = await CreateServiceAsync(Id);
        var node2 = cluster.Client(2);
        var before = await ClientCredentialsAsync(node2, clientId, secret);

        var rotated = await cluster.Api(1).PostAsync($"/v1/environments/{Id}/applications/{clientId}/secret", await TokenAsync(1), new { });
        var oldSecret = await ClientCredentialsAsync(node2, clientId, secret);
        var newSecret = await ClientCredentialsAsync(node2, clientId, rotated.Text("clientSecret"));

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSecret);
        Assert.Equal(HttpStatusCode.OK, newSecret);
    }

    [Fact]
    public async Task A_redirect_uri_changed_on_node_1_is_the_only_one_node_2_accepts()
    {
        const string old = "https://cluster.test/old", changed = "https://cluster.test/new";
        var clientId = await CreateWebAsync(Id, old);
        var before = await AuthorizeStatusAsync(2, clientId, old, Id);

        var patched = await cluster.Api(1).PatchAsync($"/v1/environments/{Id}/applications/{clientId}", await TokenAsync(1), new { redirectUris = new[] { changed } });
        var withOld = await AuthorizeStatusAsync(2, clientId, old, Id);
        var withNew = await AuthorizeStatusAsync(2, clientId, changed, Id);

        Assert.Equal(HttpStatusCode.Redirect, before);
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(HttpStatusCode.BadRequest, withOld);
        Assert.Equal(HttpStatusCode.Redirect, withNew);
    }

    [Fact]
    public async Task An_application_deleted_on_node_1_is_unknown_on_node_2()
    {
        const string redirect = "https://cluster.test/deleted";
        var clientId = await CreateWebAsync(Id, redirect);
        var before = await AuthorizeStatusAsync(2, clientId, redirect, Id);

        var deleted = await cluster.Api(1).DeleteAsync($"/v1/environments/{Id}/applications/{clientId}", await TokenAsync(1));
        var after = await AuthorizeStatusAsync(2, clientId, redirect, Id);

        Assert.Equal(HttpStatusCode.Redirect, before);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.BadRequest, after);
    }

    [Fact]
    public async Task The_default_flow_version_set_on_node_1_is_what_the_next_sign_in_on_node_2_runs()
    {
        const string environment = "cluster-rollout";
        var clientId = await CreateEnvironmentAsync(environment, flow: "username-password");
        var beforePublish = await PasswordOnNode2Async(environment, clientId); // node 2 now knows version 1 as the latest
        await PublishPausedVersionAsync(environment);
        var paused = await PasswordOnNode2Async(environment, clientId);

        var rolledBack = await cluster.Api(1).PutAsync($"/v1/environments/{environment}/flows/username-password/default", await TokenAsync(1), new { version = 1 });
        var afterRollback = await PasswordOnNode2Async(environment, clientId);
        var republished = await PublishPausedVersionAsync(environment);
        var afterPublish = await PasswordOnNode2Async(environment, clientId);

        Assert.Equal(FlowStatuses.Completed, beforePublish["status"]!.GetValue<string>());
        Assert.Equal((FlowStatuses.Failed, PausedCode), (paused["status"]!.GetValue<string>(), paused["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, rolledBack.Status);
        Assert.Equal(FlowStatuses.Completed, afterRollback["status"]!.GetValue<string>());
        Assert.Equal(3, republished);
        Assert.Equal((FlowStatuses.Failed, PausedCode), (afterPublish["status"]!.GetValue<string>(), afterPublish["error"]!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_environments_default_flow_changed_on_node_1_is_what_the_next_sign_in_on_node_2_runs()
    {
        const string environment = "cluster-changed";
        var clientId = await CreateEnvironmentAsync(environment, flow: null);
        var before = await PasswordOnNode2Async(environment, clientId);

        var changed = await cluster.Api(1).PatchAsync($"/v1/environments/{environment}", await TokenAsync(1), new { defaultFlow = "password-then-otp-required" });
        var after = await PasswordOnNode2Async(environment, clientId);

        Assert.Equal(FlowStatuses.Completed, before["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(FlowStatuses.OtpEnrollmentRequired, after["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_change_on_node_1_is_done_only_once_node_2_has_forgotten_what_it_changes()
    {
        const string environment = "cluster-stopped";
        var clientId = await CreateEnvironmentAsync(environment, flow: null);
        var before = await PasswordOnNode2Async(environment, clientId);
        var token = await TokenAsync(1);

        // While node 2 is stopped it cannot read the notification: node 1 must not call the change done before it has.
        Task<ManagementResponse> change;
        bool doneWhileStopped;
        Signal(cluster.Node2, "STOP");
        try
        {
            change = cluster.Api(1).PatchAsync($"/v1/environments/{environment}", token, new { defaultFlow = "password-then-otp-required" });
            doneWhileStopped = await Task.WhenAny(change, Task.Delay(TimeSpan.FromSeconds(1))) == change;
        }
        finally
        {
            Signal(cluster.Node2, "CONT");
        }

        var changed = await change;
        var after = await PasswordOnNode2Async(environment, clientId);

        Assert.Equal(FlowStatuses.Completed, before["status"]!.GetValue<string>());
        Assert.False(doneWhileStopped, "node 1 answered the change while node 2 had not read it");
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(FlowStatuses.OtpEnrollmentRequired, after["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_environment_deleted_on_node_1_no_longer_answers_on_node_2()
    {
        const string environment = "cluster-deleted";
        await CreateEnvironmentAsync(environment, flow: null);
        var node2 = cluster.Client(2);
        using var before = await node2.GetAsync($"/{environment}/as/.well-known/openid-configuration");

        var deleted = await cluster.Api(1).DeleteAsync($"/v1/environments/{environment}", await TokenAsync(1));
        using var after = await node2.GetAsync($"/{environment}/as/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task A_user_disabled_on_node_1_cannot_sign_in_on_node_2()
    {
        const string username = "cluster-dora";
        var token = await TokenAsync(1);
        var user = await cluster.Api(1).PostAsync($"/v1/environments/{Id}/users", token,
            new { username, email = "dora@cluster.test", name = "Dora", password = Password });
        var before = await PasswordOnNode2Async(Id, WebClientId, username, WebRedirect);

        var disabled = await cluster.Api(1).PatchAsync(user.Location!.ToString(), token, new { enabled = false });
        var after = await PasswordOnNode2Async(Id, WebClientId, username, WebRedirect);

        Assert.Equal(HttpStatusCode.Created, user.Status);
        Assert.Equal(FlowStatuses.Completed, before["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, disabled.Status);
        Assert.Equal((FlowStatuses.Failed, "ACCOUNT_DISABLED"), (after["status"]!.GetValue<string>(), after["error"]!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_sign_in_started_on_node_1_continues_on_node_2_resumes_on_node_1_and_gets_tokens_on_node_2()
    {
        using var browser = cluster.Browser();
        var pkce = Pkce.New();

        ClusterFixture.OnNode(browser, 1);
        var flow = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce));
        ClusterFixture.OnNode(browser, 2);
        var completed = await SignIn.CompleteAsync(browser, flow, Bob, BobPassword);
        ClusterFixture.OnNode(browser, 1);
        var redirect = await SignIn.ResumeAsync(browser, completed);
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(
            cluster.Client(2), SignIn.Parameters(redirect)["code"], WebRedirect, pkce.Verifier, WebClientId, WebSecret);

        Assert.StartsWith(WebRedirect, redirect.ToString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(tokens["id_token"]);
        Assert.NotNull(tokens["access_token"]);
    }

    [Fact]
    public async Task A_node_whose_listener_was_cut_forgets_its_caches_and_listens_again()
    {
        const string environment = "cluster-cut";
        var clientId = await CreateEnvironmentAsync(environment, flow: null);
        var before = await PasswordOnNode2Async(environment, clientId);

        // The change is made behind every node's back: only forgetting everything on reconnection lets node 2 see it.
        var cutPid = await cluster.CutListenerOfAsync(cluster.Node2);
        await ChangeDefaultFlowInDatabaseAsync(environment, "password-then-otp-required");
        var listening = await WaitUntilListeningAgainAsync(cluster.Node2, cutPid);
        var after = await PasswordOnNode2Async(environment, clientId);

        Assert.Equal(FlowStatuses.Completed, before["status"]!.GetValue<string>());
        Assert.True(listening, "node 2 did not listen again within 30 s");
        Assert.Equal(FlowStatuses.OtpEnrollmentRequired, after["status"]!.GetValue<string>());
    }

    private async Task<string> TokenAsync(int node) => await cluster.Api(node).TokenAsync();

    private async Task<(string ClientId, string Secret)> CreateServiceAsync(string environment)
    {
        var created = await cluster.Api(1).PostAsync($"/v1/environments/{environment}/applications", await TokenAsync(1), new
        {
            name = "Cluster service", type = "confidential", grantTypes = new[] { "client_credentials" },
            redirectUris = Array.Empty<string>(), postLogoutRedirectUris = Array.Empty<string>(), scopes = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (created.Text("clientId"), created.Text("clientSecret"));
    }

    private async Task<string> CreateWebAsync(string environment, string redirect, string? flow = null)
    {
        var created = await cluster.Api(1).PostAsync($"/v1/environments/{environment}/applications", await TokenAsync(1), new
        {
            name = "Cluster web", type = "confidential", grantTypes = new[] { "authorization_code" }, redirectUris = new[] { redirect },
            postLogoutRedirectUris = Array.Empty<string>(), scopes = new[] { "openid", "profile" }, flow,
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Text("clientId");
    }

    /// <summary>An environment made on node 1 with an application (bound to <paramref name="flow"/>, or to none) and a user.</summary>
    private async Task<string> CreateEnvironmentAsync(string environment, string? flow)
    {
        var token = await TokenAsync(1);
        Assert.Equal(HttpStatusCode.Created, (await cluster.Api(1).PostAsync("/v1/environments", token, new { id = environment, name = environment })).Status);
        var clientId = await CreateWebAsync(environment, Redirect(environment), flow);
        var user = await cluster.Api(1).PostAsync($"/v1/environments/{environment}/users", token,
            new { username = Username, email = $"erin@{environment}.test", name = "Erin", password = Password });
        Assert.Equal(HttpStatusCode.Created, user.Status);
        return clientId;
    }

    /// <summary>Publishes on node 1 a version of username-password in which a correct password leads to a Deny.</summary>
    private async Task<int> PublishPausedVersionAsync(string environment)
    {
        var api = cluster.Api(1);
        var token = await TokenAsync(1);
        var definition = FlowTestDefinitions.Shipped("username-password");
        definition.Nodes.Add(new FlowNode
        {
            Id = "paused",
            Type = "Deny",
            Properties = new()
            {
                ["message"] = JsonSerializer.SerializeToElement("Sign-ins are paused."),
                ["code"] = JsonSerializer.SerializeToElement(PausedCode),
            },
        });
        var success = definition.Edges.FindIndex(edge => edge.From == "password" && edge.Outcome == "success");
        definition.Edges[success] = definition.Edges[success] with { To = "paused" };
        var flow = $"/v1/environments/{environment}/flows/username-password";
        Assert.Equal(HttpStatusCode.OK, (await FlowTestDefinitions.SendAsync(api, HttpMethod.Put, flow + "/draft", token, definition)).Status);
        var published = await api.PostAsync(flow + "/publish", token, new { note = "Pause" });
        Assert.Equal(HttpStatusCode.Created, published.Status);
        return published.Body["version"]!.GetValue<int>();
    }

    /// <summary>A new sign-in on node 2 up to the answer to the right password.</summary>
    private async Task<JsonObject> PasswordOnNode2Async(string environment, string clientId, string username = Username, string? redirect = null)
    {
        using var browser = cluster.Browser();
        ClusterFixture.OnNode(browser, 2);
        var flow = await SignIn.StartAsync(browser,
            SignIn.AuthorizeUrl(clientId, redirect ?? Redirect(environment), pkce: null, scope: "openid profile", environment: environment), environment);
        var (status, body) = await browser.ActAsync(flow, FlowAnswers.UsernamePassword(username, Password));
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    private async Task<HttpStatusCode> AuthorizeStatusAsync(int node, string clientId, string redirect, string environment)
    {
        using var response = await cluster.Client(node).GetAsync(
            SignIn.AuthorizeUrl(clientId, redirect, pkce: null, scope: "openid profile", environment: environment));
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> ClientCredentialsAsync(HttpClient http, string clientId, string secret)
    {
        var (status, _) = await TokenRequests.PostAsync(http, $"/{Id}/as/token",
            new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, clientId, secret);
        return status;
    }

    private async Task ChangeDefaultFlowInDatabaseAsync(string environment, string flow)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""UPDATE "Environments" SET "DefaultFlowId" = @flow WHERE "Id" = @id""", connection);
        command.Parameters.AddWithValue("flow", flow);
        command.Parameters.AddWithValue("id", environment);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>
    /// Until the node listens on a new connection: it opens before it listens, and a test after this one must not meet
    /// the node in between, when changes do not reach it.
    /// </summary>
    private async Task<bool> WaitUntilListeningAgainAsync(ServerProcess node, int cutPid)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            if (await cluster.ListensAgainAsync(node, cutPid))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static void Signal(ServerProcess node, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", $"-{signal} {node.ProcessId}");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static string Redirect(string environment) => $"https://{environment}.test/callback";
}
