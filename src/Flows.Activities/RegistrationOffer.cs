using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// "Create an account" on a sign-in step (PingOne offers <see cref="FlowActions.UserRegister"/> on SIGN_ON_REQUIRED and
/// USERNAME_PASSWORD_REQUIRED): with the node's offerRegistration on, the step's prompt accepts user.register, which
/// leaves by the step's register outcome whatever was typed; no account is looked up, so nothing about one is told.
/// </summary>
internal static class RegistrationOffer
{
    /// <summary>The outcome user.register leaves by.</summary>
    public const string Outcome = "register";

    /// <summary>The display name of the activities' input that turns it on.</summary>
    public const string InputName = "Offer registration";

    /// <summary>The description of that input.</summary>
    public const string InputDescription =
        "The page offers to create an account (action user.register), which follows register whoever the user is; unknown " +
        "identifiers are not revealed by it.";

    /// <summary>The description of the outcome on a step where only the input adds it.</summary>
    public const string OutcomeDescription =
        "The user asked to create an account (user.register): on to a registration step. Only when 'Offer registration' is on.";

    private const string NotOfferedMessage = "This sign-in does not offer registration.";

    /// <summary>The prompt, with user.register added when the step offers it.</summary>
    public static FlowPrompt Offer(FlowPrompt prompt, bool offered) =>
        offered ? prompt with { Actions = [.. prompt.Actions, FlowActions.UserRegister] } : prompt;

    /// <summary>The answer to user.register: the register outcome where offered; elsewhere refused, the flow unchanged.</summary>
    public static ActivityResult Answer(bool offered) =>
        offered ? ActivityResult.Outcome(Outcome) : ActivityResult.Reject(FlowErrorCodes.InvalidRequest, NotOfferedMessage);
}
