namespace Flows.Engine.Activities;

/// <summary>What a property's value can name in its environment (<see cref="ActivityInputAttribute.Lookup"/>).</summary>
public static class ActivityLookups
{
    /// <summary>The id of one of the environment's identity providers.</summary>
    public const string IdentityProviders = "identityProviders";

    /// <summary>The id of one of the environment's flows.</summary>
    public const string Flows = "flows";

    /// <summary>The name of an attribute of the environment's user schema.</summary>
    public const string UserAttributes = "userAttributes";
}
