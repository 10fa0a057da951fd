namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.ProfileDataRequired"/> step: the body of <see cref="FlowActions.UserUpdate"/>
/// (<c>{attributes: {name: value}}</c>) and the prompt's <c>attributes: [{name, type, displayName, required, value}]</c>.
/// </summary>
public static class ProfileFields
{
    public const string Attributes = "attributes";
    public const string Name = "name";
    public const string Type = "type";
    public const string DisplayName = "displayName";
    public const string Required = "required";
    public const string Value = "value";

    /// <summary>After a refused update: <c>[{attribute, message}]</c>, one per value refused.</summary>
    public const string Problems = "problems";
    public const string Attribute = "attribute";
    public const string Message = "message";
}
