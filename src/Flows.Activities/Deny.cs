using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>Ends the flow without signing anyone in, showing the user a message the administrator wrote.</summary>
[Activity("Deny", ActivityCategories.Results,
    "Fails the flow: nobody is signed in and the user sees the message.")]
public sealed class Deny : Activity
{
    private const string FallbackMessage = "You cannot sign in.";

    [ActivityInput("Message", "What the user is told, e.g. why and whom to contact.", Required = true)]
    public string Message { get; set; } = "";

    [ActivityInput("Error code", "The stable code the sign-on UI and logs see.", Default = FlowErrorCodes.AccessDenied)]
    public string Code { get; set; } = FlowErrorCodes.AccessDenied;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        // The validator requires both; the fallbacks only keep a hand-edited definition from showing an empty error.
        var code = string.IsNullOrWhiteSpace(Code) ? FlowErrorCodes.AccessDenied : Code.Trim();
        var message = string.IsNullOrWhiteSpace(Message) ? FallbackMessage : Message;
        return ValueTask.FromResult(ActivityResult.Fail(code, message));
    }
}
