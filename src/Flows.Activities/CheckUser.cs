using System.Text.Json;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>Branches on a fact about the flow's user (a group, an attribute, an enrolled MFA device, a method used) or a flow variable.</summary>
[Activity("Check user", ActivityCategories.Conditions,
    "Follows yes when the flow's user meets the condition, no otherwise (also when no user is identified yet).")]
// The profiles are optional: a dry run imitates no schema, and there an attribute's value compares as text.
public sealed class CheckUser(IUserDirectory users, IUserProfiles? profiles = null) : Activity
{
    [Outcome("The user meets the condition.")]
    public const string Yes = "yes";

    [Outcome("The user does not meet the condition, or no user is identified.")]
    public const string No = "no";

    private const char AttributeValueSeparator = '=';

    [ActivityInput("Condition", "What to check about the user.", Required = true)]
    public CheckUserCondition Condition { get; set; }

    [ActivityInput("Value", "The group, the attribute or variable (name or name=value; an attribute's value compared as its schema type) or the amr value to look for.",
        Suggest = ActivityLookups.UserAttributes)]
    public string Value { get; set; } = "";

    /// <summary>The attribute or variable a value names: what comes before its <c>=</c>, trimmed (empty when none).</summary>
    public static string NameOf(string value)
    {
        var separator = value.IndexOf(AttributeValueSeparator);
        return (separator < 0 ? value : value[..separator]).Trim();
    }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Condition == CheckUserCondition.HasVariable)
        {
            return HasVariable(context.State) ? ActivityResult.Outcome(Yes) : ActivityResult.Outcome(No);
        }

        var user = context.State.UserId is { } userId
            ? await users.FindByIdAsync(context.EnvironmentId, userId, context.CancellationToken)
            : null;

        if (user is null)
        {
            return ActivityResult.Outcome(No);
        }

        var meets = Condition == CheckUserCondition.HasAttribute
            ? await HasAttributeAsync(user, context)
            : Meets(user, context.State);
        return meets ? ActivityResult.Outcome(Yes) : ActivityResult.Outcome(No);
    }

    private bool Meets(DirectoryUser user, FlowState state) => Condition switch
    {
        // Group and attribute names are matched case-insensitively, as directories (LDAP, SCIM) do.
        CheckUserCondition.InGroup => user.Groups.Contains(Value.Trim(), StringComparer.OrdinalIgnoreCase),
        CheckUserCondition.HasMfaDevice => user.HasOtpDevice,
        // amr values are case-sensitive strings (RFC 8176 §2).
        CheckUserCondition.AmrContains => state.Amr.Contains(Value.Trim(), StringComparer.Ordinal),
        _ => false,
    };

    private bool HasVariable(FlowState state)
    {
        var separator = Value.IndexOf(AttributeValueSeparator);
        var name = NameOf(Value);
        if (name.Length == 0 || !state.Variables.TryGetValue(name, out var value))
        {
            return false;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return separator < 0 || string.Equals(text, Value[(separator + 1)..], StringComparison.Ordinal);
    }

    private async Task<bool> HasAttributeAsync(DirectoryUser user, ActivityContext context)
    {
        var separator = Value.IndexOf(AttributeValueSeparator);
        var name = NameOf(Value);
        if (name.Length == 0)
        {
            return false;
        }

        var attribute = user.Attributes.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase));
        if (attribute.Key is null)
        {
            return false;
        }

        if (separator < 0)
        {
            return true;
        }

        // The schema says how the value reads (42 is 42.0 for a number); without an entry, it is compared as text.
        var schema = profiles is null ? [] : await profiles.GetSchemaAsync(context.EnvironmentId, context.CancellationToken);
        return UserAttributeComparison.AreEqual(UserAttributeComparison.Find(schema, name), attribute.Value, Value[(separator + 1)..]);
    }
}
