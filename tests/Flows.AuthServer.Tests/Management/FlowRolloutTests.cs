using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Definitions;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// Publishing and rolling back while people sign in: a sign-in already waiting finishes on the version it started
/// on, new sign-ins start on the default version (the new one after publish, the old one after rollback), and an
/// application pinned to a version keeps it. Each test has an environment of its own, made through the API.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowRolloutTests(ManagementServerFixture server)
{
    private const string FlowId = "username-password";
    private const string PausedCode = "SIGN_INS_PAUSED";
    private const string Redirect = "https://rollout.test/callback";
    private const string Username = "erin";
    private const string Password = "erin-password-1";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_waiting_sign_in_finishes_on_its_version_new_ones_start_on_the_published_one_and_rollback_restores_the_old()
    {
        const string environment = "rollout";
        var token = await Api.TokenAsync();
        var clientId = await SetUpAsync(environment, token);
        using var waitingBrowser = new Browser(server.BaseAddress);
        var waiting = await SignIn.StartAsync(waitingBrowser, Authorize(clientId, environment), environment);

        var published = await PublishPausedVersionAsync(environment, token);
        var (_, finished) = await waitingBrowser.ActAsync(waiting, FlowAnswers.UsernamePassword(Username, Password));
        var afterPublish = await SignInAsync(clientId, environment);
        var rolledBack = await Api.PutAsync(Flow(environment) + "/default", token, new { version = 1 });
        var afterRollback = await SignInAsync(clientId, environment);

        Assert.Equal(2, published);
        Assert.Equal(FlowStatuses.Completed, finished["status"]!.GetValue<string>());
        Assert.Equal(1, await VersionOfAsync(environment, token, finished));
        Assert.Equal((FlowStatuses.Failed, PausedCode), (afterPublish["status"]!.GetValue<string>(), afterPublish["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(2, await VersionOfAsync(environment, token, afterPublish));
        Assert.Equal((HttpStatusCode.OK, 1), (rolledBack.Status, rolledBack.Body["defaultVersion"]!.GetValue<int>()));
        Assert.Equal(FlowStatuses.Completed, afterRollback["status"]!.GetValue<string>());
        Assert.Equal(1, await VersionOfAsync(environment, token, afterRollback));
    }

    [Fact]
    public async Task An_application_pinned_to_a_version_starts_on_it_whatever_the_default()
    {
        const string environment = "rollout-pinned";
        var token = await Api.TokenAsync();
        var clientId = await SetUpAsync(environment, token);
        await PublishPausedVersionAsync(environment, token);
        await Api.PutAsync(Flow(environment) + "/default", token, new { version = 1 });

        await PinAsync(environment, clientId, version: 2);
        var pinned = await SignInAsync(clientId, environment);

        Assert.Equal((FlowStatuses.Failed, PausedCode), (pinned["status"]!.GetValue<string>(), pinned["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(2, await VersionOfAsync(environment, token, pinned));
        var flow = await Api.GetAsync(Flow(environment), token);
        var application = flow.Body["applications"]!.AsArray().Single(a => a!["clientId"]!.GetValue<string>() == clientId)!;
        Assert.Equal(2, application["version"]!.GetValue<int>());
    }

    /// <summary>An environment, an application bound to the shipped username-password flow and a user; returns the client id.</summary>
    private async Task<string> SetUpAsync(string environment, string token)
    {
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync("/v1/environments", token, new { id = environment, name = "Rollout" })).Status);
        var application = await Api.PostAsync($"/v1/environments/{environment}/applications", token, new
        {
            name = "Rollout web", type = "confidential", grantTypes = new[] { "authorization_code" }, redirectUris = new[] { Redirect },
            postLogoutRedirectUris = Array.Empty<string>(), scopes = new[] { "openid", "profile" }, flow = FlowId,
        });
        Assert.Equal(HttpStatusCode.Created, application.Status);
        var user = await Api.PostAsync($"/v1/environments/{environment}/users", token,
            new { username = Username, email = "erin@rollout.test", name = "Erin", password = Password });
        Assert.Equal(HttpStatusCode.Created, user.Status);
        return application.Text("clientId");
    }

    /// <summary>Publishes version 2 of the flow, in which a correct password leads to a Deny; returns its version.</summary>
    private async Task<int> PublishPausedVersionAsync(string environment, string token)
    {
        var definition = FlowTestDefinitions.Shipped(FlowId);
        definition.Name = "Username and password (paused)";
        definition.Nodes.Add(new FlowNode
        {
            Id = "paused",
            Type = "Deny",
            Properties = new()
            {
                ["message"] = JsonSerializer.SerializeToElement("Sign-ins are paused for maintenance."),
                ["code"] = JsonSerializer.SerializeToElement(PausedCode),
            },
        });
        var success = definition.Edges.FindIndex(edge => edge.From == "password" && edge.Outcome == "success");
        definition.Edges[success] = definition.Edges[success] with { To = "paused" };

        var saved = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, Flow(environment) + "/draft", token, definition);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        var published = await Api.PostAsync(Flow(environment) + "/publish", token, new { note = "Pause sign-ins" });
        Assert.Equal(HttpStatusCode.Created, published.Status);
        return published.Body["version"]!.GetValue<int>();
    }

    /// <summary>A whole new sign-in with the right password; returns the flow where it ended.</summary>
    private async Task<JsonObject> SignInAsync(string clientId, string environment)
    {
        using var browser = new Browser(server.BaseAddress);
        var flow = await SignIn.StartAsync(browser, Authorize(clientId, environment), environment);
        var (status, body) = await browser.ActAsync(flow, FlowAnswers.UsernamePassword(Username, Password));
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    /// <summary>The definition version the flow instance runs, as the instance list shows it.</summary>
    private async Task<int> VersionOfAsync(string environment, string token, JsonObject flow)
    {
        var instances = await Api.GetAsync($"/v1/environments/{environment}/flowInstances?pageSize=500", token);
        var instance = FlowTestDefinitions.Items(instances).Single(i => i["id"]!.GetValue<string>() == flow["id"]!.GetValue<string>());
        Assert.Equal(FlowId, instance["definitionId"]!.GetValue<string>());
        return instance["definitionVersion"]!.GetValue<int>();
    }

    /// <summary>Pins the application to a version through the API, as an administrator does.</summary>
    private async Task PinAsync(string environment, string clientId, int version)
    {
        var token = await Api.TokenAsync();
        var pinned = await Api.PatchAsync($"/v1/environments/{environment}/applications/{clientId}", token, new { flow = FlowId, flowVersion = version });
        Assert.Equal(HttpStatusCode.OK, pinned.Status);
        Assert.Equal(version, pinned.Body["flowVersion"]!.GetValue<int>());
    }

    private static string Flow(string environment) => $"/v1/environments/{environment}/flows/{FlowId}";

    private static string Authorize(string clientId, string environment) =>
        SignIn.AuthorizeUrl(clientId, Redirect, pkce: null, scope: "openid profile", environment: environment);
}
