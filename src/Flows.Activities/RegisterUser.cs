using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Self-service registration (status REGISTRATION_REQUIRED, action user.register): asks for a username, an e-mail
/// address, a password within the environment's policy and the user schema's attributes, and registers the account —
/// disabled until a verification step confirms the address. A taken username or address is answered as a new one.
/// </summary>
[Activity("Register a user", ActivityCategories.SelfService,
    "Asks for a username, an e-mail address, a password (the environment's policy is shown and enforced) and the user " +
    "schema's attributes, then registers the account, disabled until Verify e-mail confirms its address. Refused values " +
    "answer 400 with the problem of each field and store nothing. A username or address already taken gets the same " +
    "answer as a new one: only the e-mail sent differs, so the step cannot be used to find out which accounts exist.")]
public sealed class RegisterUser(IUserRegistrations registrations, IUserProfiles profiles) : InteractiveActivity
{
    [Outcome("The registration was taken; a verification step comes next (it also hides a taken username or address).")]
    public const string Registered = "registered";

    private const string InvalidValuesMessage = "Some of the values are missing or not valid.";
    private const int MaxPasswordLength = 512;

    [ActivityInput("Attributes",
        "The user-schema attributes the form asks for besides username, e-mail and password (none by default: a profile step " +
        "after the verification can ask them). Those the schema requires must be filled in, others may be left empty.",
        Suggest = ActivityLookups.UserAttributes)]
    public string[] Attributes { get; set; } = [];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ActivityResult.Suspend(await PromptAsync(context));

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        var asked = await AskedAsync(context);
        var username = action.GetString(RegistrationFields.Username)?.Trim() ?? "";
        var email = action.GetString(RegistrationFields.Email)?.Trim() ?? "";
        var password = action.GetString(RegistrationFields.Password) ?? "";
        var given = ProfileValues.Read(action.Body, RegistrationFields.Attributes);

        // Only what the form asks is taken: a body cannot write attributes the step did not ask about.
        var values = asked
            .Where(attribute => given.TryGetValue(attribute.Name, out var value) && !string.IsNullOrWhiteSpace(value))
            .ToDictionary(attribute => attribute.Name, attribute => given[attribute.Name].Trim(), StringComparer.Ordinal);
        var problems = Problems(username, email, password, registrations.GetPasswordRequirements(context.EnvironmentId))
            .Concat(UserAttributeValidator.Validate(asked, values, requireAll: true))
            .ToList();
        if (problems.Count == 0)
        {
            var result = await registrations.RegisterAsync(
                new NewRegistration(context.EnvironmentId, context.InstanceId, username, email, password, values), context.CancellationToken);
            if (!result.Refused)
            {
                new PendingRegistration(username, email, result.UserId).SaveTo(context.State);
                return ActivityResult.Outcome(Registered);
            }

            problems = [.. result.Problems];
        }

        // Refused as sent: nothing is stored and the flow stays as it was (a 400 naming each field).
        return ActivityResult.Reject(new FlowError(FlowErrorCodes.InvalidValue, InvalidValuesMessage)
        {
            Details = [.. problems.Select(problem => new FlowErrorDetail(FlowErrorCodes.InvalidValue, problem.Attribute, problem.Message))],
        });
    }

    private static IEnumerable<AttributeProblem> Problems(string username, string email, string password, PasswordRequirements policy)
    {
        if (username.Length == 0)
        {
            yield return new(RegistrationFields.Username, "Username is required.");
        }
        else if (username.Length > 256)
        {
            yield return new(RegistrationFields.Username, "Username may have at most 256 characters.");
        }

        if (email.Length == 0)
        {
            yield return new(RegistrationFields.Email, "E-mail is required.");
        }
        else if (!IsEmail(email))
        {
            yield return new(RegistrationFields.Email, "E-mail must be an e-mail address.");
        }

        if (password.Length == 0)
        {
            yield return new(RegistrationFields.Password, "Password is required.");
        }
        else if (password.Length > MaxPasswordLength)
        {
            yield return new(RegistrationFields.Password, $"Password may have at most {MaxPasswordLength} characters.");
        }
        else if (password.Length < policy.MinimumLength)
        {
            // The policy as the form shows it; the server checks it again before it stores anything.
            yield return new(RegistrationFields.Password, $"Password must be at least {policy.MinimumLength} characters long.");
        }
        else if (policy.NotUsername && string.Equals(password, username, StringComparison.OrdinalIgnoreCase))
        {
            yield return new(RegistrationFields.Password, "Password must not be the username.");
        }
    }

    private static bool IsEmail(string value) =>
        value.Length <= 256 && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    /// <summary>The attributes the form asks: those listed that the schema has, in the listed order.</summary>
    private async Task<List<UserAttributeDefinition>> AskedAsync(ActivityContext context)
    {
        if (Attributes.Length == 0)
        {
            return [];
        }

        var schema = await profiles.GetSchemaAsync(context.EnvironmentId, context.CancellationToken);
        return Attributes
                .Select(name => schema.FirstOrDefault(attribute => string.Equals(attribute.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)))
                .OfType<UserAttributeDefinition>()
                .DistinctBy(attribute => attribute.Name)
                .ToList();
    }

    private async Task<FlowPrompt> PromptAsync(ActivityContext context)
    {
        var policy = registrations.GetPasswordRequirements(context.EnvironmentId);
        var data = new JsonObject
        {
            [RegistrationFields.Attributes] = new JsonArray([.. (await AskedAsync(context)).Select(attribute => (JsonNode)new JsonObject
            {
                [ProfileFields.Name] = attribute.Name,
                [ProfileFields.Type] = attribute.Type,
                [ProfileFields.DisplayName] = attribute.Label,
                [ProfileFields.Required] = attribute.Required,
            })]),
            [RegistrationFields.PasswordPolicy] = new JsonObject
            {
                [RegistrationFields.MinLength] = policy.MinimumLength,
                [RegistrationFields.NotUsername] = policy.NotUsername,
            },
        };

        // The identifier typed on the step before, when it looks like an address, prefills the e-mail.
        if (context.State.Variables.TryGetValue(FlowVariables.Identifier, out var identifier) && identifier.ValueKind == JsonValueKind.String
            && identifier.GetString() is { } typed && IsEmail(typed))
        {
            data[RegistrationFields.Values] = new JsonObject { [RegistrationFields.Email] = typed };
        }

        return new FlowPrompt(FlowStatuses.RegistrationRequired, [FlowActions.UserRegister], data);
    }
}
