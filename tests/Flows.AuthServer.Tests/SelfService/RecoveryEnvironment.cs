using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Messaging;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// An environment of its own for a password recovery test, made through <c>/v1</c>: SMTP settings aimed at the mail
/// catcher, erin with a verified e-mail device of this environment only, and an application whose flow is a password
/// step offering "Forgot password?", the recovery step after it, and sign-in (every other outcome a denial named after it).
/// </summary>
public sealed class RecoveryEnvironment(CodeEnvironment codes, string secret)
{
    public const string NewPassword = "erin-new-password-2";

    public ManagedSignInEnvironment Environment => codes.Environment;

    public string ClientId => codes.ClientId;

    public string Secret => secret;

    public string Address => codes.Address;

    public string Path => codes.Path;

    /// <param name="mailPort">The SMTP port the environment sends to; the mail catcher's unless given.</param>
    public static async Task<RecoveryEnvironment> CreateAsync(
        ManagementApi api, MessagingServerFixture server, string prefix, JsonObject? properties = null, int? mailPort = null)
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(api, prefix);
        var path = $"/v1/environments/{environment.Id}";
        var set = await api.PutAsync($"{path}/email", environment.Token, new
        {
            host = "127.0.0.1", port = mailPort ?? server.Mail.Port, security = "None", fromAddress = CodeEnvironment.FromAddress, fromName = "Flows",
        });
        Assert.True(set.Status == HttpStatusCode.OK, set.Body.ToJsonString());
        var address = $"erin-{environment.Id}@managed.test";
        var device = await api.PutAsync($"{path}/users/{environment.UserId}/mfaDevices/email", environment.Token, new { email = address, verified = true });
        Assert.True(device.Status == HttpStatusCode.OK, device.Body.ToJsonString());

        var flowId = $"{prefix}-flow";
        var imported = await api.PostAsync($"{path}/flows/import", environment.Token, Definition(flowId, properties ?? []));
        Assert.True(imported.Status == HttpStatusCode.Created, imported.Body.ToJsonString());
        var published = await api.PostAsync($"{path}/flows/{flowId}/publish", environment.Token, new { note = "test" });
        Assert.True(published.Status == HttpStatusCode.Created, published.Body.ToJsonString());
        var (clientId, secret) = await environment.CreateApplicationAsync(new { flow = flowId });
        return new RecoveryEnvironment(new CodeEnvironment(environment, clientId, address), secret);
    }

    /// <summary>Starts a sign-in and answers "Forgot password?" for <paramref name="username"/>; the flow's URL and its answer.</summary>
    public async Task<(string FlowUrl, HttpStatusCode Status, JsonObject Flow)> ForgetAsync(Browser browser, string username)
    {
        var flowUrl = Environment.FlowUrlOf(await browser.GetAsync(Environment.Authorize(ClientId)));
        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordForgot(username));
        return (flowUrl, status, flow);
    }

    /// <summary>The code of a mail erin received that is none of <paramref name="known"/>, waiting for it a while.</summary>
    public Task<string> NewCodeAsync(MailCatcher mail, IEnumerable<string> known) => codes.NewCodeAsync(mail, known);

    /// <summary>Signs in with a password (and offline_access) in <paramref name="browser"/>; the token answer.</summary>
    public async Task<JsonObject> SignInAsync(Browser browser, HttpClient http, string password)
    {
        var flowUrl = Environment.FlowUrlOf(await browser.GetAsync(Environment.Authorize(ClientId, "openid profile offline_access")));
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, password));
        Assert.True(completed["status"]?.GetValue<string>() == FlowStatuses.Completed, completed.ToJsonString());
        using var resumed = await browser.GetAsync(completed["resumeUrl"]!.GetValue<string>());
        return await Environment.RedeemAsync(http, resumed.Headers.Location!, ClientId, secret);
    }

    private static JsonObject Definition(string id, JsonObject recoveryProperties)
    {
        var nodes = new JsonArray
        {
            Node("password", "AskForUsernamePassword", new JsonObject { ["offerForgotPassword"] = true }),
            Node("recover", "RecoverPassword", recoveryProperties),
            Node("signIn", "SignIn", []),
            Deny("deny-password", "PASSWORD_REFUSED"),
            Deny("deny-tooManyAttempts", CodeEnvironment.DenialOf("tooManyAttempts")),
        };
        var edges = new JsonArray
        {
            Edge("password", "success", "signIn"),
            Edge("password", "forgotPassword", "recover"),
            Edge("password", "lockedOut", "deny-password"),
            Edge("password", "disabled", "deny-password"),
            Edge("password", "mustChangePassword", "deny-password"),
            Edge("recover", "success", "signIn"),
            Edge("recover", "tooManyAttempts", "deny-tooManyAttempts"),
        };
        return new JsonObject { ["id"] = id, ["version"] = 0, ["name"] = id, ["start"] = "password", ["nodes"] = nodes, ["edges"] = edges };
    }

    private static JsonObject Node(string id, string type, JsonObject properties) => new()
    {
        ["id"] = id, ["type"] = type, ["properties"] = properties, ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 },
    };

    private static JsonObject Deny(string id, string code) =>
        Node(id, "Deny", new JsonObject { ["message"] = "Refused.", ["code"] = code });

    private static JsonObject Edge(string from, string outcome, string to) => new() { ["from"] = from, ["outcome"] = outcome, ["to"] = to };
}
