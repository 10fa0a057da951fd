using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.IdentityProviders;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Identifier first: asks for the username (or e-mail address) alone and follows the way that user signs in — an
/// identity provider for its e-mail domain, a passkey, a password — or registration for an unknown one. It may offer
/// the browser's passkey autofill, which signs in without a password.
/// </summary>
[Activity("Ask for identifier", ActivityCategories.Login,
    "Asks for the username or e-mail alone, then follows identityProvider (the domain is the provider's), passkey (the user " +
    "has one), password, register (unknown and registration allowed) or unknown (unknown and revealed). Unless unknown users " +
    "are revealed, an unknown identifier goes on to the password step as a known one does and fails there as a wrong password. " +
    "With passkey autofill, a passkey chosen in the username field signs in at once (passkeySignedIn).")]
public sealed class AskForIdentifier(IUserDirectory users, IPasskeys passkeys, IExternalIdentities identities) : InteractiveActivity
{
    [Outcome("A known user (or, unless unknown users are revealed, anyone): the password step asks this user's password.")]
    public const string Password = "password";

    [Outcome("The user has a passkey.")]
    public const string Passkey = "passkey";

    [Outcome("The identifier is an e-mail address of one of the identity provider's domains.")]
    public const string IdentityProvider = "identityProvider";

    [Outcome("The user asked to create an account (offered registration), or no user has this identifier and registration is allowed.")]
    public const string Register = RegistrationOffer.Outcome;

    [Outcome("No user has this identifier and unknown users are revealed.")]
    public const string Unknown = "unknown";

    [Outcome(PasskeyAutofill.OutcomeDescription, OnlyWhen = nameof(OfferPasskeyAutofill))]
    public const string PasskeySignedIn = "passkeySignedIn";

    private const string MissingUsernameMessage = "Enter your username or e-mail address.";
    private const char DomainSeparator = '@';

    // Looked up for an unknown identifier too, so that both answers cost the same queries.
    private const string NoUserId = "-";

    [ActivityInput("Reveal unknown users",
        "On: an unknown identifier follows unknown. Off (the default): it goes on to the password step exactly as a known " +
        "one, and fails there with the wrong-password answer, so the step cannot be used to find accounts.",
        Default = false)]
    public bool RevealUnknown { get; set; }

    [ActivityInput("Allow registration", "An unknown identifier follows register (a registration step comes there).", Default = false)]
    public bool AllowRegistration { get; set; }

    [ActivityInput(RegistrationOffer.InputName, RegistrationOffer.InputDescription, Default = false)]
    public bool OfferRegistration { get; set; }

    [ActivityInput("Identity provider", "The id of an identity provider: an e-mail address of one of its domains follows identityProvider.")]
    public string Provider { get; set; } = "";

    [ActivityInput("Offer passkey autofill", PasskeyAutofill.InputDescription, Default = false)]
    public bool OfferPasskeyAutofill { get; set; }

    private readonly PasskeyAutofill _autofill = new(passkeys, users);

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        // A flow for a user it already knows (a step-up) does not ask who it is again.
        if (context.State.UserId is { } userId && context.State.Username is { } username)
        {
            Remember(context, username);
            return ActivityResult.Outcome(
                await passkeys.HasAnyAsync(context.EnvironmentId, userId, context.CancellationToken) ? Passkey : Password);
        }

        // Every entry into the step makes a new autofill challenge.
        PasskeySignIn.End(context);
        return ActivityResult.Suspend(await PromptAsync(context));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action) =>
        PasskeyAutofill.Leave(context, await AnswerAsync(context, action));

    private async Task<ActivityResult> AnswerAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not null)
        {
            return await ExecuteAsync(context);
        }

        if (action.Name == FlowActions.UserRegister)
        {
            return RegistrationOffer.Answer(OfferRegistration);
        }

        if (action.Name == FlowActions.AssertionCheck && OfferPasskeyAutofill)
        {
            var answer = await _autofill.CheckAsync(context, action);
            return answer.Kind == PasskeyAnswerKind.SignedIn
                ? ActivityResult.Outcome(PasskeySignedIn)
                : PasskeyAutofill.Refusal(answer, await PromptAsync(context));
        }

        var identifier = action.GetString(IdentifierFields.Username)?.Trim();
        if (string.IsNullOrEmpty(identifier))
        {
            return ActivityResult.Suspend(await PromptAsync(context) with { Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingUsernameMessage) });
        }

        Remember(context, identifier);
        if (await IsProviderDomainAsync(context, identifier))
        {
            return ActivityResult.Outcome(IdentityProvider);
        }

        var user = await users.FindByUsernameAsync(context.EnvironmentId, identifier, context.CancellationToken);
        var hasPasskey = await passkeys.HasAnyAsync(context.EnvironmentId, user?.Id ?? NoUserId, context.CancellationToken);
        return user switch
        {
            null when AllowRegistration => ActivityResult.Outcome(Register),
            null when RevealUnknown => ActivityResult.Outcome(Unknown),
            null => ActivityResult.Outcome(Password),
            _ => ActivityResult.Outcome(hasPasskey ? Passkey : Password),
        };
    }

    private static void Remember(ActivityContext context, string identifier) =>
        context.State.Variables[FlowVariables.Identifier] = JsonSerializer.SerializeToElement(identifier);

    private async Task<bool> IsProviderDomainAsync(ActivityContext context, string identifier)
    {
        var at = identifier.LastIndexOf(DomainSeparator);
        if (string.IsNullOrWhiteSpace(Provider) || at <= 0 || at == identifier.Length - 1
            || await identities.FindProviderAsync(context.EnvironmentId, Provider.Trim(), context.CancellationToken) is not { } provider)
        {
            return false;
        }

        // Domain names compare case-insensitively (RFC 4343).
        return provider.Domains.Contains(identifier[(at + 1)..], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The identifier prompt, with the passkey autofill when it is offered.</summary>
    private async Task<FlowPrompt> PromptAsync(ActivityContext context) =>
        OfferPasskeyAutofill ? PasskeyAutofill.Offer(Prompt(context), await _autofill.OptionsAsync(context)) : Prompt(context);

    private FlowPrompt Prompt(ActivityContext context) =>
        RegistrationOffer.Offer(new(FlowStatuses.SignOnRequired, [FlowActions.UserLookup],
            context.State.Variables.TryGetValue(FlowVariables.LoginHint, out var hint)
            && hint.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(hint.GetString())
                ? new JsonObject { [IdentifierFields.Username] = hint.GetString() }
                : null), OfferRegistration);
}
