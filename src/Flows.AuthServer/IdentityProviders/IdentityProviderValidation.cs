using Flows.AuthServer.Environments;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>What a provider must be: an id usable in its callback path, an absolute issuer, a client id, a known type.</summary>
public static class IdentityProviderValidation
{
    public const int MaxIdLength = 63;
    public const string OidcType = "oidc";

    public static IReadOnlyList<FieldProblem> Validate(IdentityProviderRequest request, bool creating)
    {
        var problems = new List<FieldProblem>();
        // The id is a path segment of the callback: the same rule as environment ids.
        if (creating && (request.Id is null || !EnvironmentIds.IsValid(request.Id)))
        {
            problems.Add(new("id", "Lower-case letters, digits and '-', at most 63 characters, starting with a letter or digit."));
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            problems.Add(new("name", "A name is required: the sign-on page shows it."));
        }

        if (request.Type is not null && request.Type != OidcType)
        {
            problems.Add(new("type", "Only 'oidc' is supported."));
        }

        // OIDC Discovery §3: the issuer is an https URL without query or fragment; http only on loopback (tests, development).
        if (!Uri.TryCreate(request.Issuer, UriKind.Absolute, out var issuer)
            || !(issuer.Scheme == Uri.UriSchemeHttps || (issuer.Scheme == Uri.UriSchemeHttp && issuer.IsLoopback))
            || issuer.Query.Length > 0 || issuer.Fragment.Length > 0)
        {
            problems.Add(new("issuer", "An absolute https URL without query or fragment (http only on localhost)."));
        }

        if (string.IsNullOrWhiteSpace(request.ClientId))
        {
            problems.Add(new("clientId", "The client id registered at the provider is required."));
        }

        if (request.Domains?.Any(domain => string.IsNullOrWhiteSpace(domain) || domain.Contains('@')) == true)
        {
            problems.Add(new("domains", "E-mail domains, such as 'example.com'."));
        }

        return problems;
    }
}
