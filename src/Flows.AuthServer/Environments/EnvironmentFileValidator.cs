using Flows.AuthServer.Applications;
using Flows.AuthServer.Users;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Environments;

/// <summary>
/// Finds every problem of an environment file before anything is created, each naming where it is, so
/// a file is fixed in one pass and a rejected import leaves nothing behind.
/// </summary>
public sealed class EnvironmentFileValidator(PasswordPolicy passwords)
{
    /// <summary>OpenIddict's client id column.</summary>
    public const int MaxClientIdLength = 100;

    private const int MaxNameLength = 256;

    public IReadOnlyList<string> Validate(EnvironmentFile file, IReadOnlySet<string> knownFlows)
    {
        var problems = new List<string>();
        if (!EnvironmentIds.IsValid(file.Id))
        {
            problems.Add($"id '{file.Id}' must be 1 to 63 lower-case letters, digits or '-', start with a letter or digit, and not be reserved");
        }

        if (string.IsNullOrWhiteSpace(file.Name) || file.Name.Length > MaxNameLength)
        {
            problems.Add($"name must be 1 to {MaxNameLength} characters");
        }

        CheckFlow(problems, "defaultFlow", file.DefaultFlow, knownFlows);
        var clientIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Applications.Count; i++)
        {
            ValidateApplication(problems, file.Applications[i], $"applications[{i}]", clientIds, knownFlows);
        }

        var usernames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Users.Count; i++)
        {
            ValidateUser(problems, file.Users[i], $"users[{i}]", usernames);
        }

        return problems;
    }

    private static void ValidateApplication(
        List<string> problems, EnvironmentFileApplication application, string where, HashSet<string> clientIds, IReadOnlySet<string> knownFlows)
    {
        where = $"{where} '{application.ClientId}'";
        if (string.IsNullOrWhiteSpace(application.ClientId) || application.ClientId.Length > MaxClientIdLength)
        {
            problems.Add($"{where}: clientId must be 1 to {MaxClientIdLength} characters");
        }
        else if (!clientIds.Add(application.ClientId))
        {
            problems.Add($"{where}: clientId is used by another application");
        }

        var isPublic = application.Type == ClientTypes.Public;
        if (!ApplicationPermissions.KnownClientTypes.Contains(application.Type))
        {
            problems.Add($"{where}: type '{application.Type}' is unknown; use {ClientTypes.Public} or {ClientTypes.Confidential}");
        }
        else if (isPublic && application.ClientSecret is not null)
        {
            problems.Add($"{where}: a public client has no secret; remove clientSecret or make it {ClientTypes.Confidential}");
        }
        else if (!isPublic && application.ClientSecret is { } secret && string.IsNullOrWhiteSpace(secret))
        {
            problems.Add($"{where}: clientSecret is blank; omit it to have one generated");
        }

        ValidateGrants(problems, application, where, isPublic);
        CheckUris(problems, where, "redirectUris", application.RedirectUris);
        CheckUris(problems, where, "postLogoutRedirectUris", application.PostLogoutRedirectUris);
        foreach (var scope in application.Scopes.Where(scope => !ApplicationPermissions.KnownScopes.Contains(scope)))
        {
            problems.Add($"{where}: scope '{scope}' is unknown; use {string.Join(", ", ApplicationPermissions.KnownScopes)}");
        }

        if (application.Scopes.Contains(Scopes.OfflineAccess) && !application.GrantTypes.Contains(GrantTypes.RefreshToken))
        {
            problems.Add($"{where}: scope {Scopes.OfflineAccess} needs the {GrantTypes.RefreshToken} grant type");
        }

        if (application.Flow is not null)
        {
            CheckFlow(problems, $"{where}: flow", application.Flow, knownFlows);
        }
    }

    private static void ValidateGrants(List<string> problems, EnvironmentFileApplication application, string where, bool isPublic)
    {
        if (application.GrantTypes.Count == 0)
        {
            problems.Add($"{where}: grantTypes is empty");
        }

        foreach (var grant in application.GrantTypes.Where(grant => !ApplicationPermissions.KnownGrantTypes.Contains(grant)))
        {
            problems.Add($"{where}: grant type '{grant}' is unknown; use {string.Join(", ", ApplicationPermissions.KnownGrantTypes)}");
        }

        // client_credentials is the client acting as itself, which a client without a secret cannot prove.
        if (isPublic && application.GrantTypes.Contains(GrantTypes.ClientCredentials))
        {
            problems.Add($"{where}: a public client cannot use {GrantTypes.ClientCredentials}");
        }

        if (ApplicationPermissions.UsesRedirects(application.GrantTypes) && application.RedirectUris.Count == 0)
        {
            problems.Add($"{where}: {GrantTypes.AuthorizationCode} and {GrantTypes.Implicit} need at least one redirect URI");
        }
    }

    private void ValidateUser(List<string> problems, EnvironmentFileUser user, string where, HashSet<string> usernames)
    {
        where = $"{where} '{user.Username}'";
        if (!Usernames.IsValid(user.Username))
        {
            problems.Add($"{where}: username must be 1 to {Usernames.MaxLength} characters and not blank");
        }
        else if (!usernames.Add(Usernames.Normalize(user.Username)))
        {
            problems.Add($"{where}: username is used by another user (usernames ignore case)");
        }

        if (user.Password is not null && passwords.FindProblem(user.Username, user.Password) is { } problem)
        {
            problems.Add($"{where}: password {problem}");
        }

        if (user.Email?.Length > UserService.MaxTextLength || user.Name?.Length > UserService.MaxTextLength)
        {
            problems.Add($"{where}: email and name may have at most {UserService.MaxTextLength} characters");
        }

        if (user.TotpSecret is { } totp && totp != EnvironmentFileUser.GenerateTotpSecret && !TotpKeys.TryDecode(totp, out _))
        {
            problems.Add($"{where}: totpSecret must be Base32 of at least {TotpKeys.MinimumBytes} bytes, or \"{EnvironmentFileUser.GenerateTotpSecret}\"");
        }
    }

    private static void CheckFlow(List<string> problems, string where, string flow, IReadOnlySet<string> knownFlows)
    {
        if (!knownFlows.Contains(flow))
        {
            problems.Add($"{where} '{flow}' is not a known flow; use {string.Join(", ", knownFlows.Order(StringComparer.Ordinal))}");
        }
    }

    /// <summary>RFC 6749 §3.1.2: a redirection endpoint is an absolute URI without a fragment.</summary>
    private static void CheckUris(List<string> problems, string where, string property, IReadOnlyList<string> uris)
    {
        foreach (var text in uris)
        {
            // On Unix a rooted path parses as an absolute file URI; it is still a relative reference here.
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile)
            {
                problems.Add($"{where}: {property} '{text}' is not an absolute URI");
            }
            else if (!string.IsNullOrEmpty(uri.Fragment) || text.Contains('#', StringComparison.Ordinal))
            {
                problems.Add($"{where}: {property} '{text}' must not have a fragment");
            }
        }
    }
}
