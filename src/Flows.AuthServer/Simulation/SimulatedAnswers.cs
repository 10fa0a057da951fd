using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.Engine.Activities;
using Flows.Engine.Instances;
using OtpNet;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// Turns a dry run's answer into the action a real user would send. A one-time password with a verdict becomes the
/// code the user's authenticator shows now (right) or one it does not (wrong), so the step verifies it as it would
/// any code, and whoever runs the flow never needs the key.
/// </summary>
public static class SimulatedAnswers
{
    private const string VerdictPlaceholder = "dry-run";
    private const string UsernameField = "username";

    // The fields of the flow API's actions that carry a credential a verdict stands for.
    private static readonly string[] CredentialFields = ["password", "currentPassword", OtpFields.Code, "recoveryCode"];

    public static FlowAction ToAction(SimulatedAnswer answer, FlowPrompt prompt, SimulatedUser user, DateTimeOffset now)
    {
        var body = answer.Body?.DeepClone().AsObject() ?? [];
        if (answer.Verdict is not null)
        {
            // The verdict decides; a credential left empty must not make the step ask for it again.
            foreach (var field in CredentialFields.Where(field => body[field] is null || body[field]!.ToString().Length == 0))
            {
                body[field] = VerdictPlaceholder;
            }

            if (body[UsernameField] is null || body[UsernameField]!.ToString().Length == 0)
            {
                body[UsernameField] = user.User.Username;
            }
        }

        if (answer.Verdict is { } verdict && answer.Action == FlowActions.OtpCheck
            && prompt.Status == FlowStatuses.OtpRequired && user.TotpSecret is { } secret)
        {
            body[OtpFields.Code] = CodeFor(secret, verdict == SimulationVerdicts.Right, now.UtcDateTime);
        }

        return new FlowAction(answer.Action!, JsonSerializer.SerializeToElement(body));
    }

    private static string CodeFor(byte[] secret, bool right, DateTime now)
    {
        var totp = new Totp(secret);
        var code = totp.ComputeTotp(now);
        if (right)
        {
            return code;
        }

        // A code of no step near now, so no allowed drift makes it right.
        var wrong = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
        for (var shift = 1; ; shift++)
        {
            var candidate = ((wrong + shift * 137_911) % 1_000_000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture);
            if (!totp.VerifyTotp(now, candidate, out _, new VerificationWindow(10, 10)))
            {
                return candidate;
            }
        }
    }
}
