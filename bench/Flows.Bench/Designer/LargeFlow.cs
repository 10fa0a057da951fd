using System.Text.Json.Nodes;
using Flows.Activities;

namespace Flows.Bench.Designer;

/// <summary>
/// A valid flow of exactly <see cref="NodeCount"/> real activities, as a large tenant's might look: the password
/// step, then a chain of group checks, each sending its members through a one-time password to their own sign-in
/// (or to a denial), and everyone else to an authenticator check. Without positions, as the API accepts it: the
/// editor lays it out.
/// </summary>
internal static class LargeFlow
{
    public const string Id = "large-branching";
    public const int NodeCount = 60;

    /// <summary>Groups checked in turn; each adds four nodes (check, one-time password, sign-in, denial).</summary>
    private const int Groups = 13;

    public static JsonObject Definition()
    {
        var nodes = new JsonArray();
        var edges = new JsonArray();
        void Node(string id, string type, string name, JsonObject? properties = null) =>
            nodes.Add(new JsonObject { ["id"] = id, ["type"] = type, ["name"] = name, ["properties"] = properties ?? new JsonObject() });
        void Edge(string from, string outcome, string to) =>
            edges.Add(new JsonObject { ["from"] = from, ["outcome"] = outcome, ["to"] = to });
        JsonObject Denial(string code, string message) => new() { ["code"] = code, ["message"] = message };

        Node("password", nameof(AskForUsernamePassword), "Username and password");
        Node("newPassword", nameof(AskForNewPassword), "Change password");
        Node("lockedOut", nameof(Deny), "Account locked", Denial("ACCOUNT_LOCKED", "Your account is locked."));
        Node("disabled", nameof(Deny), "Account disabled", Denial("ACCOUNT_DISABLED", "Your account is disabled."));
        Node("noOtpDevice", nameof(Deny), "No authenticator", Denial("NO_OTP_DEVICE", "Your authenticator is no longer registered."));
        Node("signInWithPassword", nameof(SignIn), "Sign in (password)");
        Edge("password", AskForUsernamePassword.Success, "group01");
        Edge("password", AskForUsernamePassword.LockedOut, "lockedOut");
        Edge("password", AskForUsernamePassword.Disabled, "disabled");
        Edge("password", AskForUsernamePassword.MustChangePassword, "newPassword");
        Edge("newPassword", AskForNewPassword.Success, "group01");

        for (var group = 1; group <= Groups; group++)
        {
            var g = $"{group:D2}";
            Node($"group{g}", nameof(CheckUser), $"In group {g}?", new JsonObject { ["condition"] = "inGroup", ["value"] = $"group-{g}" });
            Node($"otp{g}", nameof(AskForOtp), $"One-time password ({g})", new JsonObject { ["maxAttempts"] = 3 + group % 3 });
            Node($"signIn{g}", nameof(SignIn), $"Sign in (group {g})", new JsonObject { ["acr"] = "mfa" });
            Node($"tooMany{g}", nameof(Deny), $"Too many codes ({g})", Denial("TOO_MANY_OTP_ATTEMPTS", "Too many incorrect codes."));
            Edge($"group{g}", CheckUser.Yes, $"otp{g}");
            Edge($"group{g}", CheckUser.No, group < Groups ? $"group{group + 1:D2}" : "hasMfaDevice");
            Edge($"otp{g}", AskForOtp.Success, $"signIn{g}");
            Edge($"otp{g}", AskForOtp.TooManyAttempts, $"tooMany{g}");
            Edge($"otp{g}", AskForOtp.NoDevice, "noOtpDevice");
        }

        Node("hasMfaDevice", nameof(CheckUser), "Has an authenticator?", new JsonObject { ["condition"] = "hasMfaDevice" });
        Node("otp", nameof(AskForOtp), "One-time password", new JsonObject { ["maxAttempts"] = 5 });
        Edge("hasMfaDevice", CheckUser.Yes, "otp");
        Edge("hasMfaDevice", CheckUser.No, "signInWithPassword");
        Edge("otp", AskForOtp.Success, "signIn01");
        Edge("otp", AskForOtp.TooManyAttempts, "tooMany01");
        Edge("otp", AskForOtp.NoDevice, "noOtpDevice");

        if (nodes.Count != NodeCount)
        {
            throw new InvalidOperationException($"The generated flow has {nodes.Count} nodes, not {NodeCount}.");
        }

        return new JsonObject
        {
            ["id"] = Id,
            ["version"] = 0,
            ["name"] = "Large branching flow",
            ["description"] = $"{NodeCount} activities: group checks leading to one-time passwords, sign-ins and denials.",
            ["start"] = "password",
            ["nodes"] = nodes,
            ["edges"] = edges,
        };
    }
}
