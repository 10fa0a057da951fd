using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Simulation;

/// <summary>The problems of a dry run request, per field, before anything runs.</summary>
public static class SimulationRequestCheck
{
    /// <summary>Far more answers than any sign-in needs; a bound on what one request replays.</summary>
    public const int MaxAnswers = 50;

    public static List<FieldProblem> FindProblems(FlowSimulationRequest request)
    {
        var problems = new List<FieldProblem>();
        if (request.Version is not null && request.Draft == true)
        {
            problems.Add(new("version", "Give a version or draft, not both."));
        }
        else if (request.Version is < 1)
        {
            problems.Add(new("version", "A published version is 1 or more."));
        }

        CheckUser(request.User, problems);
        CheckAnswers(request.Answers ?? [], problems);
        foreach (var (url, mock) in request.Mocks ?? [])
        {
            if (mock.Outcome is { } outcome && !SimulatedServiceOutcomes.All.Contains(outcome))
            {
                problems.Add(new($"mocks[{url}].outcome", $"One of {string.Join(", ", SimulatedServiceOutcomes.All)}."));
            }
        }

        return problems;
    }

    private static void CheckUser(SimulatedUserRequest? user, List<FieldProblem> problems)
    {
        if (user is null)
        {
            problems.Add(new("user", "Choose a user of the environment ({\"id\": …}) or describe one ({\"username\": …})."));
            return;
        }

        if (user.Id is not null)
        {
            if (string.IsNullOrWhiteSpace(user.Id))
            {
                problems.Add(new("user.id", "The id of a user of the environment."));
            }

            if (user.Username is not null || user.Groups is not null || user.Attributes is not null || user.Devices is not null
                || user.Password is not null || user.Enabled is not null || user.MustChangePassword is not null)
            {
                problems.Add(new("user", "A real user is run as they are: give its id alone, or describe a user without an id."));
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(user.Username))
        {
            problems.Add(new("user.username", "A described user needs a username."));
        }

        if (user.Devices?.FirstOrDefault(device => !SimulatedDevices.All.Contains(device)) is { } unknown)
        {
            problems.Add(new("user.devices", $"'{unknown}' is not one of {string.Join(", ", SimulatedDevices.All)}."));
        }
    }

    private static void CheckAnswers(List<SimulatedAnswer> answers, List<FieldProblem> problems)
    {
        if (answers.Count > MaxAnswers)
        {
            problems.Add(new("answers", $"At most {MaxAnswers} answers."));
            return;
        }

        for (var i = 0; i < answers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(answers[i].Action))
            {
                problems.Add(new($"answers[{i}].action", "The action that answers the prompt, e.g. otp.check."));
            }

            if (!SimulationVerdicts.IsKnown(answers[i].Verdict))
            {
                problems.Add(new($"answers[{i}].verdict", $"{SimulationVerdicts.Right} or {SimulationVerdicts.Wrong}, or none."));
            }
        }
    }
}
