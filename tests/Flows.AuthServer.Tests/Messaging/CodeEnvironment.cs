using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Messaging;

/// <summary>
/// An environment of its own for a sent-code test, made through <c>/v1</c>: SMTP settings aimed at the mail catcher, the
/// user erin with an e-mail device of an address of this environment only, and an application whose flow is a password
/// step and then the code step under test (success signs in; every other outcome is a denial named after it).
/// </summary>
public sealed partial class CodeEnvironment(ManagedSignInEnvironment environment, string clientId, string address)
{
    public const string FromAddress = "no-reply@flows.test";

    public ManagedSignInEnvironment Environment => environment;

    public string Id => environment.Id;

    public string ClientId => clientId;

    /// <summary>Erin's e-mail device: unique to this environment, so its mails are told from other tests'.</summary>
    public string Address => address;

    public string Path => $"/v1/environments/{environment.Id}";

    public static async Task<CodeEnvironment> CreateAsync(
        ManagementApi api, MessagingServerFixture server, string prefix, JsonObject? properties = null, bool verified = true,
        string type = "AskForEmailCode", int? smtpPort = null, string[]? outcomes = null)
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(api, prefix);
        var path = $"/v1/environments/{environment.Id}";
        var set = await api.PutAsync($"{path}/email", environment.Token, new
        {
            host = "127.0.0.1", port = smtpPort ?? server.Mail.Port, security = "None", fromAddress = FromAddress, fromName = "Flows",
        });
        Assert.True(set.Status == HttpStatusCode.OK, set.Body.ToJsonString());

        var address = $"erin-{environment.Id}@managed.test";
        var device = await api.PutAsync($"{path}/users/{environment.UserId}/mfaDevices/email", environment.Token, new { email = address, verified });
        Assert.True(device.Status == HttpStatusCode.OK, device.Body.ToJsonString());

        var flowId = $"{prefix}-flow";
        var imported = await api.PostAsync($"{path}/flows/import", environment.Token, Definition(flowId, type, properties ?? [], outcomes ?? ["tooManyAttempts", "noDevice"]));
        Assert.True(imported.Status == HttpStatusCode.Created, imported.Body.ToJsonString());
        var published = await api.PostAsync($"{path}/flows/{flowId}/publish", environment.Token, new { note = "test" });
        Assert.True(published.Status == HttpStatusCode.Created, published.Body.ToJsonString());
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = flowId });
        return new CodeEnvironment(environment, clientId, address);
    }

    /// <summary>The code of the denial an outcome leads to.</summary>
    public static string DenialOf(string outcome) => $"OUTCOME_{outcome.ToUpperInvariant()}";

    /// <summary>Starts a sign-in and answers the password step; returns the flow's URL and the step after it.</summary>
    public async Task<(string FlowUrl, JsonObject Flow)> SignInWithPasswordAsync(Browser browser)
    {
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));
        Assert.True(status == HttpStatusCode.OK, flow.ToJsonString());
        return (flowUrl, flow);
    }

    /// <summary>
    /// The code of a mail erin received that is none of <paramref name="known"/>, waiting for it a while: the catcher
    /// records a mail a moment after the server was told it was accepted, and keeps no order among its mails.
    /// </summary>
    public async Task<string> NewCodeAsync(MailCatcher mail, IEnumerable<string> known)
    {
        var seen = known.ToHashSet(StringComparer.Ordinal);
        for (var waited = 0; waited < 100; waited++)
        {
            if (mail.To(address).Select(message => CodePattern().Match(message.TextBody ?? "").Value).FirstOrDefault(code => !seen.Contains(code)) is { } code)
            {
                return code;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No new code reached {address}.");
        return "";
    }

    /// <summary>How many sent codes the server keeps for this environment's steps.</summary>
    public async Task<int> StoredCodesAsync(MessagingServerFixture server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().SentCodes.CountAsync(c => c.EnvironmentId == Id);
    }

    /// <summary>The code step's outcomes other than success, each to a denial named after it.</summary>
    private static JsonObject Definition(string id, string type, JsonObject properties, string[] outcomes)
    {
        var nodes = new JsonArray
        {
            new JsonObject { ["id"] = "password", ["type"] = "AskForUsernamePassword", ["position"] = Position() },
            new JsonObject { ["id"] = "code", ["type"] = type, ["properties"] = properties, ["position"] = Position() },
            new JsonObject { ["id"] = "signIn", ["type"] = "SignIn", ["position"] = Position() },
            Deny("passwordRefused", "PASSWORD_REFUSED"),
        };
        foreach (var outcome in outcomes)
        {
            nodes.Add(Deny($"deny-{outcome}", DenialOf(outcome)));
        }

        var edges = new JsonArray
        {
            Edge("password", "success", "code"),
            Edge("password", "lockedOut", "passwordRefused"),
            Edge("password", "disabled", "passwordRefused"),
            Edge("password", "mustChangePassword", "passwordRefused"),
            Edge("code", "success", "signIn"),
        };
        foreach (var outcome in outcomes)
        {
            edges.Add(Edge("code", outcome, $"deny-{outcome}"));
        }

        return new JsonObject { ["id"] = id, ["version"] = 0, ["name"] = id, ["start"] = "password", ["nodes"] = nodes, ["edges"] = edges };
    }

    private static JsonObject Deny(string id, string code) => new()
    {
        ["id"] = id,
        ["type"] = "Deny",
        ["properties"] = new JsonObject { ["message"] = "Refused.", ["code"] = code },
        ["position"] = Position(),
    };

    private static JsonObject Edge(string from, string outcome, string to) => new() { ["from"] = from, ["outcome"] = outcome, ["to"] = to };

    private static JsonObject Position() => new() { ["x"] = 0, ["y"] = 0 };

    [GeneratedRegex(@"\b[0-9]{6,8}\b")]
    private static partial Regex CodePattern();
}
