namespace Flows.Activities;

/// <summary>Fields of the remember-this-device step: the prompt's <c>days</c> and the answer <c>{remember}</c> (true or false).</summary>
public static class RememberDeviceFields
{
    public const string Days = "days";

    public const string Remember = "remember";
}
