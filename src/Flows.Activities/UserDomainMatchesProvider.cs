using System.Text.Json;
using Flows.Activities.IdentityProviders;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>
/// Home-realm discovery: follows yes when the username the flow knows (the identified user's, else the login hint) is an
/// e-mail address whose domain is one of the provider's domains.
/// </summary>
[Activity("User domain matches provider", ActivityCategories.Conditions,
    "Follows yes when the username or login hint is an e-mail address of one of the identity provider's domains, no otherwise.")]
public sealed class UserDomainMatchesProvider(IExternalIdentities identities) : Activity
{
    [Outcome("The e-mail domain is one of the provider's.")]
    public const string Yes = "yes";

    [Outcome("No e-mail address is known, or its domain is not the provider's.")]
    public const string No = "no";

    private const char DomainSeparator = '@';

    [ActivityInput("Provider", "The id of the environment's identity provider whose domains to match.", Required = true, Lookup = ActivityLookups.IdentityProviders)]
    public string Provider { get; set; } = "";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var domain = DomainOf(context.State.Username ?? LoginHint(context));
        if (domain is null
            || await identities.FindProviderAsync(context.EnvironmentId, Provider, context.CancellationToken) is not { } provider)
        {
            return ActivityResult.Outcome(No);
        }

        // Domain names compare case-insensitively (RFC 4343).
        return provider.Domains.Contains(domain, StringComparer.OrdinalIgnoreCase) ? ActivityResult.Outcome(Yes) : ActivityResult.Outcome(No);
    }

    private static string? LoginHint(ActivityContext context) =>
        context.State.Variables.TryGetValue(FlowVariables.LoginHint, out var hint) && hint.ValueKind == JsonValueKind.String ? hint.GetString() : null;

    private static string? DomainOf(string? username)
    {
        var at = username?.LastIndexOf(DomainSeparator) ?? -1;
        return at > 0 && at < username!.Length - 1 ? username[(at + 1)..].Trim() : null;
    }
}
