using System.Text.Json;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>Branches on a fact about the flow's user (a group, an attribute, an enrolled MFA device, a method used) or a flow variable.</summary>
[Activity("Check user", ActivityCategories.Conditions,
    "Follows yes when the flow's user meets the condition, no otherwise (also when no user is identified yet).")]
public sealed class CheckUser(IUserDirectory users) : Activity
{
    [Outcome("The user meets the condition.")]
    public const string Yes = "yes";

    [Outcome("The user does not meet the condition, or no user is identified.")]
    public const string No = "no";

    private const char AttributeValueSeparator = '=';

    [ActivityInput("Condition", "What to check about the user.", Required = true)]
    public CheckUserCondition Condition { get; set; }

    [ActivityInput("Value", "The group, the attribute or variable (name or name=value) or the amr value to look for.")]
    public string Value { get; set; } = "";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Condition == CheckUserCondition.HasVariable)
        {
            return HasVariable(context.State) ? ActivityResult.Outcome(Yes) : ActivityResult.Outcome(No);
        }

        var user = context.State.UserId is { } userId
            ? await users.FindByIdAsync(context.EnvironmentId, userId, context.CancellationToken)
            : null;

        return user is not null && Meets(user, context.State) ? ActivityResult.Outcome(Yes) : ActivityResult.Outcome(No);
    }

    private bool Meets(DirectoryUser user, FlowState state) => Condition switch
    {
        // Group and attribute names are matched case-insensitively, as directories (LDAP, SCIM) do.
        CheckUserCondition.InGroup => user.Groups.Contains(Value.Trim(), StringComparer.OrdinalIgnoreCase),
        CheckUserCondition.HasAttribute => HasAttribute(user),
        CheckUserCondition.HasMfaDevice => user.HasOtpDevice,
        // amr values are case-sensitive strings (RFC 8176 §2).
        CheckUserCondition.AmrContains => state.Amr.Contains(Value.Trim(), StringComparer.Ordinal),
        _ => false,
    };

    private bool HasVariable(FlowState state)
    {
        var separator = Value.IndexOf(AttributeValueSeparator);
        var name = (separator < 0 ? Value : Value[..separator]).Trim();
        if (name.Length == 0 || !state.Variables.TryGetValue(name, out var value))
        {
            return false;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return separator < 0 || string.Equals(text, Value[(separator + 1)..], StringComparison.Ordinal);
    }

    private bool HasAttribute(DirectoryUser user)
    {
        var separator = Value.IndexOf(AttributeValueSeparator);
        var name = (separator < 0 ? Value : Value[..separator]).Trim();
        if (name.Length == 0)
        {
            return false;
        }

        var attribute = user.Attributes.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase));
        if (attribute.Key is null)
        {
            return false;
        }

        return separator < 0 || string.Equals(attribute.Value, Value[(separator + 1)..], StringComparison.Ordinal);
    }
}
