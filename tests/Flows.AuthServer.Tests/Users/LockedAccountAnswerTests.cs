using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.Activities;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Users;

/// <summary>
/// A locked account answers exactly as an unknown username does, in the flow API, on the hosted page and in the
/// time it takes: the lockout must not tell anyone that the account exists.
/// </summary>
public sealed partial class LockedAccountAnswerTests(GuessingServerFixture server) : IClassFixture<GuessingServerFixture>
{
    [Fact]
    public async Task The_flow_api_answers_a_locked_account_as_it_answers_an_unknown_username()
    {
        var locked = await LockedUserAsync();

        var (unknownStatus, unknown) = await TryAsync(UnknownUsername(), "some-password");
        var (lockedStatus, lockedAnswer) = await TryAsync(locked.Username, GuessingServerFixture.PasswordOf(locked.Username));

        Assert.Equal(HttpStatusCode.OK, unknownStatus);
        Assert.Equal(HttpStatusCode.OK, lockedStatus);
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, unknown["status"]!.GetValue<string>());
        Assert.Equal("INVALID_CREDENTIALS", unknown["error"]!["code"]!.GetValue<string>());
        Assert.Equal(WithoutIdentifiers(unknown), WithoutIdentifiers(lockedAnswer));
    }

    [Fact]
    public async Task The_hosted_page_shows_a_locked_account_as_it_shows_an_unknown_username()
    {
        var locked = await LockedUserAsync();

        var unknown = await PageAfterAsync(UnknownUsername(), "some-password");
        var lockedPage = await PageAfterAsync(locked.Username, GuessingServerFixture.PasswordOf(locked.Username));

        Assert.Contains("The username or password is incorrect.", unknown);
        Assert.Equal(unknown, lockedPage);
    }

    [Fact]
    public async Task A_locked_account_spends_one_verification_as_an_unknown_username_does_but_never_verifies_its_password()
    {
        var locked = await LockedUserAsync();

        var beforeUnknown = server.Hasher.AllVerifications;
        await TryAsync(UnknownUsername(), "some-password");
        var unknownCost = server.Hasher.AllVerifications - beforeUnknown;
        var beforeLocked = server.Hasher.AllVerifications;
        var lockedVerifications = server.Hasher.VerificationsOf(locked.Id);
        await TryAsync(locked.Username, GuessingServerFixture.PasswordOf(locked.Username));
        var lockedCost = server.Hasher.AllVerifications - beforeLocked;

        Assert.Equal(1, unknownCost);
        Assert.Equal(1, lockedCost);
        Assert.Equal(lockedVerifications, server.Hasher.VerificationsOf(locked.Id));
    }

    /// <summary>A new user, locked by as many wrong passwords as the lockout allows.</summary>
    private async Task<UserRecord> LockedUserAsync()
    {
        var user = await server.CreateUserAsync("locked");
        for (var attempt = 0; attempt < GuessingServerFixture.MaxFailedAttempts; attempt++)
        {
            await TryAsync(user.Username, "a-wrong-password");
        }

        return user;
    }

    private static string UnknownUsername() => $"nobody-{Guid.NewGuid():N}"[..19];

    /// <summary>A new flow in a new browser, answered with the username and password; the flow after it.</summary>
    private async Task<(HttpStatusCode Status, JsonObject Flow)> TryAsync(string username, string password)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        return await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
    }

    /// <summary>The hosted sign-on page of a new flow after the username and password were answered.</summary>
    private async Task<string> PageAfterAsync(string username, string password)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        using var page = await browser.GetAsync($"/{Id}/signon?flowId={flowId}");
        var html = (await page.Content.ReadAsStringAsync()).Replace(flowId, "{flowId}", StringComparison.Ordinal);
        return AntiforgeryToken().Replace(html, "{token}");
    }

    /// <summary>The flow as seen by a client, without what differs between any two flows (ids, links, expiry).</summary>
    private static string WithoutIdentifiers(JsonObject flow)
    {
        var copy = flow.DeepClone().AsObject();
        copy.Remove("id");
        copy.Remove("expiresAt");
        copy["_links"] = new JsonArray(copy["_links"]!.AsObject().Select(link => (JsonNode)link.Key).ToArray());
        return copy.ToJsonString();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"|nonce=\"[^\"]*\"")]
    private static partial Regex AntiforgeryToken();
}
