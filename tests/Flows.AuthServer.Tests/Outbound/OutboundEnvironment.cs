using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.Outbound;

/// <summary>
/// An environment of its own for a test of outside calls: its outbound rules and secret set through <c>/v1</c>, and an
/// application whose flow is a password step and then the node under test, each outcome of which ends the flow in a
/// way a test can tell apart (sign-in, or a denial whose code names the outcome).
/// </summary>
public sealed class OutboundEnvironment(ManagedSignInEnvironment environment, string clientId, string secret)
{
    public ManagedSignInEnvironment Environment => environment;

    public string ClientId => clientId;

    /// <summary>The outbound secret, as <c>POST …/outbound/secret</c> showed it.</summary>
    public string Secret => secret;

    public static async Task<OutboundEnvironment> CreateAsync(
        ManagementApi api, string prefix, object outbound, JsonObject node, IReadOnlyList<string> outcomes, string signInOutcome)
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(api, prefix);
        var path = $"/v1/environments/{environment.Id}";
        var set = await api.PutAsync($"{path}/outbound", environment.Token, outbound);
        Assert.True(set.Status == HttpStatusCode.OK, set.Body.ToJsonString());
        var rotated = await api.PostAsync($"{path}/outbound/secret", environment.Token, new { });
        Assert.Equal(HttpStatusCode.OK, rotated.Status);

        var flowId = $"{prefix}-flow";
        var imported = await api.PostAsync($"{path}/flows/import", environment.Token, Definition(flowId, node, outcomes, signInOutcome));
        Assert.True(imported.Status == HttpStatusCode.Created, imported.Body.ToJsonString());
        var published = await api.PostAsync($"{path}/flows/{flowId}/publish", environment.Token, new { note = "test" });
        Assert.True(published.Status == HttpStatusCode.Created, published.Body.ToJsonString());
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = flowId });
        return new OutboundEnvironment(environment, clientId, rotated.Text("secret"));
    }

    /// <summary>The code of the denial an outcome leads to.</summary>
    public static string DenialOf(string outcome) => $"OUTCOME_{outcome.ToUpperInvariant()}";

    private static JsonObject Definition(string id, JsonObject node, IReadOnlyList<string> outcomes, string signInOutcome)
    {
        var nodes = new JsonArray
        {
            new JsonObject { ["id"] = "password", ["type"] = "AskForUsernamePassword", ["position"] = Position() },
            node,
            new JsonObject { ["id"] = "signIn", ["type"] = "SignIn", ["position"] = Position() },
            Deny("passwordRefused", "PASSWORD_REFUSED"),
        };
        var edges = new JsonArray
        {
            Edge("password", "success", node["id"]!.GetValue<string>()),
            Edge("password", "lockedOut", "passwordRefused"),
            Edge("password", "disabled", "passwordRefused"),
            Edge("password", "mustChangePassword", "passwordRefused"),
        };
        foreach (var outcome in outcomes)
        {
            if (outcome == signInOutcome)
            {
                edges.Add(Edge(node["id"]!.GetValue<string>(), outcome, "signIn"));
                continue;
            }

            nodes.Add(Deny($"deny-{outcome}", DenialOf(outcome)));
            edges.Add(Edge(node["id"]!.GetValue<string>(), outcome, $"deny-{outcome}"));
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
}
