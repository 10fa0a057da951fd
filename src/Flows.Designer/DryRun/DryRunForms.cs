using System.Text.Json.Nodes;

namespace Flows.Designer.DryRun;

/// <summary>
/// The form a dry run shows for an action a prompt accepts: its fields, and whether a credential in it can be answered
/// right or wrong without typing it. An action it does not know is answered with its JSON body.
/// </summary>
public static class DryRunForms
{
    // The flow API's action names (the public contract), as prompts list them.
    public const string UsernamePasswordCheck = "usernamePassword.check";
    public const string UserLookup = "user.lookup";
    public const string OtpCheck = "otp.check";
    public const string PasswordReset = "password.reset";
    public const string RecoveryCodeCheck = "recoveryCode.check";

    private static readonly Dictionary<string, DryRunForm> Known = new(StringComparer.Ordinal)
    {
        [UsernamePasswordCheck] = new(UsernamePasswordCheck, "Password", [new("username", "Username"), new("password", "Password", Secret: true)], Verdict: true),
        [UserLookup] = new(UserLookup, "Identifier", [new("username", "Username")], Verdict: false),
        [OtpCheck] = new(OtpCheck, "Code", [new("otp", "Code (or answer right / wrong)")], Verdict: true),
        [PasswordReset] = new(PasswordReset, "Password",
            [new("currentPassword", "Current password", Secret: true), new("newPassword", "New password", Secret: true)], Verdict: true),
        [RecoveryCodeCheck] = new(RecoveryCodeCheck, "Recovery code", [new("recoveryCode", "Recovery code")], Verdict: true),
    };

    public static DryRunForm For(string action) =>
        Known.TryGetValue(action, out var form) ? form : new DryRunForm(action, "Answer", [], Verdict: false);

    /// <summary>The body of an answer from the values typed in the form's fields.</summary>
    public static JsonObject BodyOf(DryRunForm form, IReadOnlyDictionary<string, string> values)
    {
        var body = new JsonObject();
        foreach (var field in form.Fields)
        {
            body[field.Name] = values.GetValueOrDefault(field.Name) ?? "";
        }

        return body;
    }
}

/// <summary>The form of one action: which fields, and whether right/wrong answers apply.</summary>
public sealed record DryRunForm(string Action, string Credential, IReadOnlyList<DryRunField> Fields, bool Verdict)
{
    /// <summary>An action answered with a JSON body typed as is.</summary>
    public bool IsFreeForm => Fields.Count == 0;
}

public sealed record DryRunField(string Name, string Label, bool Secret = false);
