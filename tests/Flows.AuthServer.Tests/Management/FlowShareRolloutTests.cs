using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// A new version exposed to a share of new sign-ins before it becomes the default: published "to 10 %", the share
/// of sign-ins that start on it is about that; a known user always lands on the same side; stopping sends everyone
/// back to the default and promoting makes the version the default; each change is audited and refused when it
/// makes no sense. Each test has an environment of its own, made through the API.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowShareRolloutTests(ManagementServerFixture server)
{
    private const string FlowId = "username-password";
    private const string Redirect = "https://share-rollout.test/callback";
    private const string Username = "fay";
    private const string Password = "fay-password-1";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_version_published_to_ten_percent_takes_between_eight_and_twelve_percent_of_two_thousand_new_sign_ins()
    {
        const string environment = "share-ten";
        var token = await Api.TokenAsync();
        var clientId = await SetUpAsync(environment, token);

        var published = await PublishCopyAsync(environment, token, rolloutPercent: 10);
        var flow = await Api.GetAsync(Flow(environment), token);
        const int signIns = 2000;
        await Parallel.ForAsync(0, signIns, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) => await StartAsync(clientId, environment));
        var onNewVersion = await CountInstancesAsync(environment, token, version: 2);
        var onDefault = await CountInstancesAsync(environment, token, version: 1);

        Assert.Equal((HttpStatusCode.Created, 2, false), (published.Status, published.Body["version"]!.GetValue<int>(), published.Body["isDefault"]!.GetValue<bool>()));
        Assert.Equal(1, flow.Body["defaultVersion"]!.GetValue<int>());
        Assert.Equal((2, 10), (flow.Body["rollout"]!["version"]!.GetValue<int>(), flow.Body["rollout"]!["percent"]!.GetValue<int>()));
        Assert.Equal(signIns, onNewVersion + onDefault);
        Assert.InRange(onNewVersion, signIns * 8 / 100, signIns * 12 / 100);
    }

    [Fact]
    public async Task A_signed_in_user_lands_on_the_same_version_at_every_new_sign_in_of_a_rollout()
    {
        const string environment = "share-sticky";
        var token = await Api.TokenAsync();
        var clientId = await SetUpAsync(environment, token);
        await PublishCopyAsync(environment, token, rolloutPercent: null);
        Assert.Equal(HttpStatusCode.OK, (await Api.PutAsync(Flow(environment) + "/default", token, new { version = 1 })).Status);
        var rollout = await Api.PutAsync(Flow(environment) + "/rollout", token, new { version = 2, percent = 50 });
        using var browser = new Browser(server.BaseAddress);
        var first = await SignIn.StartAsync(browser, Authorize(clientId, environment), environment);
        await SignIn.CompleteAsync(browser, first, Username, Password);

        var versions = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            // prompt=login makes a signed-in session run the flow again, for a user the sign-in knows from the start.
            var again = await SignIn.StartAsync(browser, Authorize(clientId, environment, prompt: "login"), environment);
            versions.Add(await VersionOfAsync(environment, token, again));
        }

        Assert.Equal(HttpStatusCode.OK, rollout.Status);
        Assert.Single(versions.Distinct());
    }

    [Fact]
    public async Task Stopping_a_rollout_starts_every_new_sign_in_on_the_default_and_promoting_one_makes_it_the_default()
    {
        const string environment = "share-stop";
        var token = await Api.TokenAsync();
        var clientId = await SetUpAsync(environment, token);
        await PublishCopyAsync(environment, token, rolloutPercent: 90);

        var stopped = await Api.DeleteAsync(Flow(environment) + "/rollout", token);
        var afterStop = await VersionsOfNewSignInsAsync(clientId, environment, token, count: 20);
        Assert.Equal(HttpStatusCode.OK, (await Api.PutAsync(Flow(environment) + "/rollout", token, new { version = 2, percent = 5 })).Status);
        var promoted = await Api.PostAsync(Flow(environment) + "/rollout/promote", token, new { });
        var afterPromote = await VersionsOfNewSignInsAsync(clientId, environment, token, count: 20);
        var audit = await Api.GetAsync($"/v1/environments/{environment}/auditEntries?pageSize=100", token);

        Assert.Equal(HttpStatusCode.OK, stopped.Status);
        Assert.Null(stopped.Body["rollout"]);
        Assert.Equal(1, stopped.Body["defaultVersion"]!.GetValue<int>());
        Assert.All(afterStop, version => Assert.Equal(1, version));
        Assert.Equal(HttpStatusCode.OK, promoted.Status);
        Assert.Null(promoted.Body["rollout"]);
        Assert.Equal(2, promoted.Body["defaultVersion"]!.GetValue<int>());
        Assert.All(afterPromote, version => Assert.Equal(2, version));
        var actions = audit.Body["items"]!.AsArray().Select(entry => entry!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("flow.rolloutStopped", actions);
        Assert.Contains("flow.rolloutSet", actions);
        Assert.Contains("flow.rolloutPromoted", actions);
    }

    [Fact]
    public async Task A_rollout_that_makes_no_sense_is_refused_and_changes_nothing()
    {
        const string environment = "share-refused";
        var token = await Api.TokenAsync();
        await SetUpAsync(environment, token);
        var fresh = FlowTestDefinitions.Shipped(FlowId, "fresh");
        Assert.Equal(HttpStatusCode.Created,
            (await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, $"/v1/environments/{environment}/flows", token, fresh)).Status);
        var firstAsShare = await Api.PostAsync($"/v1/environments/{environment}/flows/fresh/publish", token, new { rolloutPercent = 10 });
        await PublishCopyAsync(environment, token, rolloutPercent: null);

        var none = await Api.PutAsync(Flow(environment) + "/rollout", token, new { version = 1, percent = 0 });
        var all = await Api.PutAsync(Flow(environment) + "/rollout", token, new { version = 1, percent = 100 });
        var theDefault = await Api.PutAsync(Flow(environment) + "/rollout", token, new { version = 2, percent = 10 });
        var unknown = await Api.PutAsync(Flow(environment) + "/rollout", token, new { version = 9, percent = 10 });
        var nothingToPromote = await Api.PostAsync(Flow(environment) + "/rollout/promote", token, new { });
        var flow = await Api.GetAsync(Flow(environment), token);

        Assert.Equal(HttpStatusCode.Conflict, firstAsShare.Status);
        Assert.True((await Api.GetAsync($"/v1/environments/{environment}/flows/fresh", token)).Body["hasDraft"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Equal(HttpStatusCode.BadRequest, all.Status);
        Assert.Equal(HttpStatusCode.BadRequest, theDefault.Status);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal(HttpStatusCode.Conflict, nothingToPromote.Status);
        Assert.Null(flow.Body["rollout"]);
        Assert.Equal(2, flow.Body["defaultVersion"]!.GetValue<int>());
    }

    /// <summary>An environment, an application bound to the shipped username-password flow and a user; returns the client id.</summary>
    private async Task<string> SetUpAsync(string environment, string token)
    {
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync("/v1/environments", token, new { id = environment, name = "Share rollout" })).Status);
        var application = await Api.PostAsync($"/v1/environments/{environment}/applications", token, new
        {
            name = "Rollout web", type = "confidential", grantTypes = new[] { "authorization_code" }, redirectUris = new[] { Redirect },
            postLogoutRedirectUris = Array.Empty<string>(), scopes = new[] { "openid", "profile" }, flow = FlowId,
        });
        Assert.Equal(HttpStatusCode.Created, application.Status);
        var user = await Api.PostAsync($"/v1/environments/{environment}/users", token,
            new { username = Username, email = "fay@share-rollout.test", name = "Fay", password = Password });
        Assert.Equal(HttpStatusCode.Created, user.Status);
        return application.Text("clientId");
    }

    /// <summary>Publishes the shipped flow again under another name, as the default or to a share of sign-ins.</summary>
    private async Task<ManagementResponse> PublishCopyAsync(string environment, string token, int? rolloutPercent)
    {
        var definition = FlowTestDefinitions.Shipped(FlowId);
        definition.Name = "Username and password (new wording)";
        var saved = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Put, Flow(environment) + "/draft", token, definition);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        var published = await Api.PostAsync(Flow(environment) + "/publish", token, new { note = "New wording", rolloutPercent });
        Assert.Equal(HttpStatusCode.Created, published.Status);
        return published;
    }

    private async Task<string> StartAsync(string clientId, string environment)
    {
        using var browser = new Browser(server.BaseAddress);
        return await SignIn.StartAsync(browser, Authorize(clientId, environment), environment);
    }

    private async Task<List<int>> VersionsOfNewSignInsAsync(string clientId, string environment, string token, int count)
    {
        var versions = new List<int>();
        for (var i = 0; i < count; i++)
        {
            versions.Add(await VersionOfAsync(environment, token, await StartAsync(clientId, environment)));
        }

        return versions;
    }

    /// <summary>How many of the environment's flow instances run <paramref name="version"/>, over every page of the list.</summary>
    private async Task<int> CountInstancesAsync(string environment, string token, int version)
    {
        var count = 0;
        string? after = null;
        do
        {
            var url = $"/v1/environments/{environment}/flowInstances?definitionVersion={version}&pageSize=500";
            var page = await Api.GetAsync(after is null ? url : QueryHelpers.AddQueryString(url, "after", after), token);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            count += page.Body["items"]!.AsArray().Count;
            after = page.Body["next"]?.GetValue<string>();
        }
        while (after is not null);

        return count;
    }

    /// <summary>The definition version the flow at <paramref name="flowUrl"/> runs, as the instance resource shows it.</summary>
    private async Task<int> VersionOfAsync(string environment, string token, string flowUrl)
    {
        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        var instance = await Api.GetAsync($"/v1/environments/{environment}/flowInstances/{flowId}", token);
        Assert.Equal(HttpStatusCode.OK, instance.Status);
        return instance.Body["definitionVersion"]!.GetValue<int>();
    }

    private static string Flow(string environment) => $"/v1/environments/{environment}/flows/{FlowId}";

    private static string Authorize(string clientId, string environment, string? prompt = null) =>
        SignIn.AuthorizeUrl(clientId, Redirect, pkce: null, scope: "openid profile", environment: environment,
            extra: prompt is null ? null : new Dictionary<string, string?> { ["prompt"] = prompt });
}
