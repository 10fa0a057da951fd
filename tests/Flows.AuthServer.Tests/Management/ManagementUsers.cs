using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>What the user API tests share: the collection's path, users of their own, and signing in as them.</summary>
public static class ManagementUsers
{
    public const string UsersPath = $"/v1/environments/{Id}/users";

    /// <summary>A username no other test uses, starting with <paramref name="prefix"/>.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Creates a user with a password of its own; returns the created answer.</summary>
    public static async Task<ManagementResponse> CreateAsync(ManagementApi api, string token, string username, object? extra = null)
    {
        var created = await api.PostAsync(UsersPath, token, extra ?? new { username, password = PasswordOf(username) });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created;
    }

    public static string PasswordOf(string username) => $"{username}-password";

    /// <summary>Starts a sign-in with the web client and answers username and password; returns the flow after it.</summary>
    public static async Task<(string FlowUrl, Dictionary<string, string?> Result)> TryPasswordAsync(Browser browser, string username, string password)
    {
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var (_, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        return (flowUrl, new Dictionary<string, string?>
        {
            ["status"] = flow["status"]?.GetValue<string>(),
            ["error"] = flow["error"]?["code"]?.GetValue<string>(),
        });
    }

    /// <summary>Queries the server's database directly, for what the API never shows (sessions, secrets).</summary>
    public static async Task<T> InDatabaseAsync<T>(ManagementServerFixture server, Func<ServerDbContext, Task<T>> query)
    {
        using var scope = server.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ServerDbContext>());
    }

    public static Task<int> SessionCountAsync(ManagementServerFixture server, string userId) =>
        InDatabaseAsync(server, db => db.Sessions.CountAsync(s => s.UserId == userId && s.EndedAt == null));
}
