using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Progressive profiling: asks the identified user for the listed attributes of the environment's user schema that the
/// user does not have yet, checks them against the schema and stores them; skipped when the user has them all.
/// </summary>
[Activity("Ask for profile data", ActivityCategories.Login,
    "Asks the user for those of the listed user-schema attributes the user does not have yet, checks the values against " +
    "the schema and stores them; skipped when none is missing. A refused value keeps the step, with the problem of each field.")]
public sealed class AskForProfileData(IUserDirectory users, IUserProfiles profiles) : InteractiveActivity
{
    [Outcome("The user has every listed attribute, now or before.")]
    public const string Success = "success";

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";
    private const string InvalidValuesMessage = "Some of the values are missing or not valid.";

    [ActivityInput("Attributes", "The names of the user-schema attributes to ask for (those the user lacks).", Required = true,
        Suggest = ActivityLookups.UserAttributes)]
    public string[] Attributes { get; set; } = [];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is null)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        var missing = await MissingAsync(context);
        return missing.Count == 0 ? ActivityResult.Outcome(Success) : ActivityResult.Suspend(Prompt(missing, values: null, problems: []));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        var missing = await MissingAsync(context);
        if (missing.Count == 0)
        {
            return ActivityResult.Outcome(Success);
        }

        // Only what the step asks for is taken: a body cannot write attributes the flow did not ask the user about.
        var given = ProfileValues.Read(action.Body, ProfileFields.Attributes);
        var values = missing
            .Where(attribute => given.TryGetValue(attribute.Name, out var value) && !string.IsNullOrWhiteSpace(value))
            .ToDictionary(attribute => attribute.Name, attribute => given[attribute.Name].Trim(), StringComparer.Ordinal);
        var problems = missing
            .Where(attribute => !values.ContainsKey(attribute.Name))
            .Select(attribute => new AttributeProblem(attribute.Name, $"{attribute.Label} is required."))
            .Concat(UserAttributeValidator.Validate(missing, values, requireAll: false))
            .ToList();
        if (problems.Count == 0)
        {
            problems = [.. await profiles.UpdateAttributesAsync(context.EnvironmentId, userId, values, context.CancellationToken)];
        }

        return problems.Count == 0
            ? ActivityResult.Outcome(Success)
            : ActivityResult.Suspend(Prompt(missing, given, problems) with { Error = new FlowError(FlowErrorCodes.InvalidValue, InvalidValuesMessage) });
    }

    /// <summary>The listed attributes of the schema, in the listed order, that the user has no value for.</summary>
    private async Task<List<UserAttributeDefinition>> MissingAsync(ActivityContext context)
    {
        var schema = await profiles.GetSchemaAsync(context.EnvironmentId, context.CancellationToken);
        var user = await users.FindByIdAsync(context.EnvironmentId, context.State.UserId!, context.CancellationToken);
        var present = user?.Attributes
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Value))
            .Select(pair => pair.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        return Attributes
            .Select(name => schema.FirstOrDefault(attribute => string.Equals(attribute.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)))
            .OfType<UserAttributeDefinition>()
            .DistinctBy(attribute => attribute.Name)
            .Where(attribute => !present.Contains(attribute.Name))
            .ToList();
    }

    private static FlowPrompt Prompt(
        IReadOnlyList<UserAttributeDefinition> missing, IReadOnlyDictionary<string, string>? values, IReadOnlyList<AttributeProblem> problems)
    {
        var data = new JsonObject
        {
            [ProfileFields.Attributes] = new JsonArray([.. missing.Select(attribute => (JsonNode)new JsonObject
            {
                [ProfileFields.Name] = attribute.Name,
                [ProfileFields.Type] = attribute.Type,
                [ProfileFields.DisplayName] = attribute.Label,
                [ProfileFields.Required] = true,
                [ProfileFields.Value] = values is not null && values.TryGetValue(attribute.Name, out var value) ? value : null,
            })]),
        };
        if (problems.Count > 0)
        {
            data[ProfileFields.Problems] = new JsonArray([.. problems.Select(problem => (JsonNode)new JsonObject
            {
                [ProfileFields.Attribute] = problem.Attribute,
                [ProfileFields.Message] = problem.Message,
            })]);
        }

        return new FlowPrompt(FlowStatuses.ProfileDataRequired, [FlowActions.UserUpdate], data);
    }
}
