using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Designer.Services;

namespace Flows.Designer.Tests.Support;

/// <summary>
/// Dry runs of the shipped MFA flow as the server would answer them: a right password leads to the code, a wrong code
/// asks again, a right code signs in with mfa. Every request is kept, to check what the panel replays.
/// </summary>
public sealed class FakeDesignerSimulations : IDesignerSimulations
{
    public List<DryRunRequest> Requests { get; } = [];

    /// <summary>When set, every run is refused with this problem.</summary>
    public string? Refusal { get; set; }

    public Task<DryRunResult> RunAsync(string environmentId, DryRunRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        if (Refusal is { } refusal)
        {
            return Task.FromResult(DryRunResult.Refused(refusal));
        }

        var steps = new List<DryRunStep> { Step(0, "password", "Suspended") };
        var amr = new List<string>();
        DryRunPrompt? prompt = new("USERNAME_PASSWORD_REQUIRED", ["usernamePassword.check"], null, null);
        var ended = DryRunEndings.Waiting;
        for (var round = 1; round <= request.Answers.Count; round++)
        {
            var answer = request.Answers[round - 1];
            if (answer.Action == "usernamePassword.check" && answer.Verdict == DryRunVerdicts.Right)
            {
                steps.AddRange([Step(round, "password", "Outcome", "success"), Step(round, "hasMfaDevice", "Outcome", "yes"), Step(round, "otp", "Suspended")]);
                amr.Add("pwd");
                prompt = new("OTP_REQUIRED", ["otp.check"], new JsonObject { ["remainingAttempts"] = 5 }, null);
            }
            else if (answer.Action == "otp.check" && answer.Verdict == DryRunVerdicts.Right)
            {
                steps.AddRange([Step(round, "otp", "Outcome", "success"), Step(round, "signInWithMfa", "Completed")]);
                amr.AddRange(["otp", "mfa"]);
                prompt = null;
                ended = DryRunEndings.Completed;
            }
            else
            {
                var code = answer.Action == "otp.check" ? "INVALID_OTP" : "INVALID_CREDENTIALS";
                steps.Add(Step(round, steps[^1].NodeId, "Suspended", errorCode: code));
                prompt = prompt! with { Error = new DryRunError(code, "Wrong.") };
            }
        }

        var state = new DryRunState("u1", "ada", amr, null, new Dictionary<string, string>(),
            new Dictionary<string, JsonElement> { ["otp.failedAttempts"] = JsonSerializer.SerializeToElement(request.Answers.Count(a => a.Verdict == DryRunVerdicts.Wrong)) });
        return Task.FromResult(new DryRunResult
        {
            Ended = ended,
            Prompt = prompt,
            Steps = [.. steps.Select((step, i) => step with { Sequence = i + 1 })],
            Rounds = [.. Enumerable.Range(0, request.Answers.Count + 1).Select(round => new DryRunRound(round, null, null, prompt?.Status, null, state))],
            Effects = request.Answers.Any(a => a.Verdict == DryRunVerdicts.Wrong)
                ? [new DryRunEffect(2, "check", "Wrong code: a real run would count it against the user's codes.")]
                : [],
            SignIn = ended == DryRunEndings.Completed ? new DryRunSignIn("u1", "ada", amr, "mfa", new Dictionary<string, string>()) : null,
        });
    }

    private static DryRunStep Step(int round, string node, string result, string? outcome = null, string? errorCode = null) =>
        new(0, round, node, null, node, null, result, outcome, errorCode);
}
