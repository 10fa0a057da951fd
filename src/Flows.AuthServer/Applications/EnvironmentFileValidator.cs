using Flows.AuthServer.Agreements;
using Flows.AuthServer.UserSchemas;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Users;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Applications;

/// <summary>
/// Finds every problem of an environment file before anything is created, each naming where it is, so
/// a file is fixed in one pass and a rejected import leaves nothing behind. The checks of one environment,
/// application or user are public too: the management API validates what it creates with the same rules.
/// </summary>
public sealed class EnvironmentFileValidator(PasswordPolicy passwords)
{
    private readonly UserValidation _users = new(passwords);

    /// <summary>OpenIddict's client id column.</summary>
    public const int MaxClientIdLength = 100;

    private const int MaxNameLength = 256;

    /// <summary>The sessions' acr column.</summary>
    private const int MaxAcrLength = 64;

    private const int MaxAcrFlows = 20;

    public IReadOnlyList<string> Validate(EnvironmentFile file, IReadOnlySet<string> knownFlows) =>
        ValidateFile(file, knownFlows).Select(problem => problem.Message).ToList();

    /// <summary>
    /// Every problem of the file, each under the path of its value (<c>applications[0].redirectUris</c>) with a
    /// message that names the entry, as <see cref="Validate"/> reports them.
    /// </summary>
    public IReadOnlyList<FieldProblem> ValidateFile(EnvironmentFile file, IReadOnlySet<string> knownFlows)
    {
        var problems = ValidateEnvironment(file, knownFlows).ToList();
        var clientIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Applications.Count; i++)
        {
            var application = file.Applications[i];
            var path = $"applications[{i}]";
            var where = $"{path} '{application.ClientId}'";
            if (Fits(application.ClientId, MaxClientIdLength) && !clientIds.Add(application.ClientId))
            {
                problems.Add(new($"{path}.clientId", $"{where}: clientId is used by another application"));
            }

            problems.AddRange(ValidateApplication(file.Id, application, knownFlows)
                .Select(problem => new FieldProblem($"{path}.{problem.Field}", $"{where}: {problem.Message}")));
        }

        var usernames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Users.Count; i++)
        {
            var user = file.Users[i];
            var path = $"users[{i}]";
            var where = $"{path} '{user.Username}'";
            if (Usernames.IsValid(user.Username) && !usernames.Add(Usernames.Normalize(user.Username)))
            {
                problems.Add(new($"{path}.username", $"{where}: username is used by another user (usernames ignore case)"));
            }

            problems.AddRange(ValidateUser(user).Concat(UserValidation.SchemaProblems(user.Attributes, file.UserSchema ?? []))
                .Select(problem => new FieldProblem($"{path}.{problem.Field}", $"{where}: {problem.Message}")));
        }

        problems.AddRange(UserSchemaRules.Validate(file.UserSchema)
            .Select(problem => new FieldProblem($"userSchema.{problem.Field}", $"userSchema: {problem.Message}")));
        problems.AddRange(ValidateAgreements(file.Agreements ?? []));
        return problems;
    }

    /// <summary>The agreements of a file: valid and unique ids, and each version with a text in the default language.</summary>
    private static IEnumerable<FieldProblem> ValidateAgreements(IReadOnlyList<EnvironmentFileAgreement> agreements)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < agreements.Count; i++)
        {
            var agreement = agreements[i];
            var path = $"agreements[{i}]";
            var where = $"{path} '{agreement.Id}'";
            var header = AgreementRules.ValidateHeader(agreement.Id, agreement.Name, agreement.DefaultLanguage);
            if (header.Count == 0 && !ids.Add(agreement.Id))
            {
                header.Add(new("id", "id is used by another agreement"));
            }

            foreach (var problem in header)
            {
                yield return new FieldProblem($"{path}.{problem.Field}", $"{where}: {problem.Message}");
            }

            for (var v = 0; header.Count == 0 && v < agreement.Versions.Count; v++)
            {
                foreach (var problem in AgreementRules.ValidateTexts(agreement.Versions[v].Texts, agreement.DefaultLanguage))
                {
                    yield return new FieldProblem($"{path}.versions[{v}].{problem.Field}", $"{where} version {v + 1}: {problem.Message}");
                }
            }
        }
    }

    /// <summary>The environment's own values: id, name and default flow (not its applications or users).</summary>
    public IReadOnlyList<FieldProblem> ValidateEnvironment(EnvironmentFile file, IReadOnlySet<string> knownFlows)
    {
        var problems = new List<FieldProblem>();
        if (!EnvironmentIds.IsValid(file.Id))
        {
            problems.Add(new("id", $"id '{file.Id}' must be 1 to 63 lower-case letters, digits or '-', start with a letter or digit, and not be reserved"));
        }

        if (!Fits(file.Name, MaxNameLength))
        {
            problems.Add(new("name", $"name must be 1 to {MaxNameLength} characters"));
        }

        CheckFlow(problems, "defaultFlow", file.DefaultFlow, knownFlows);
        if (file.MaxPasswordAgeDays is < 0 or > PasswordAge.MaxDays)
        {
            problems.Add(new("maxPasswordAgeDays", $"maxPasswordAgeDays must be 0 (passwords do not expire) to {PasswordAge.MaxDays} days"));
        }

        return problems;
    }

    /// <summary>One application of the environment <paramref name="environmentId"/>; uniqueness of its client id is the caller's.</summary>
    public IReadOnlyList<FieldProblem> ValidateApplication(
        string environmentId, EnvironmentFileApplication application, IReadOnlySet<string> knownFlows)
    {
        var problems = new List<FieldProblem>();
        if (!Fits(application.ClientId, MaxClientIdLength))
        {
            problems.Add(new("clientId", $"clientId must be 1 to {MaxClientIdLength} characters"));
        }

        if (application.Name is { Length: > MaxNameLength })
        {
            problems.Add(new("name", $"name may have at most {MaxNameLength} characters"));
        }

        var isPublic = application.Type == ClientTypes.Public;
        if (!ApplicationPermissions.KnownClientTypes.Contains(application.Type))
        {
            problems.Add(new("type", $"type '{application.Type}' is unknown; use {ClientTypes.Public} or {ClientTypes.Confidential}"));
        }
        else if (isPublic && application.ClientSecret is not null)
        {
            problems.Add(new("clientSecret", $"a public client has no secret; remove clientSecret or make it {ClientTypes.Confidential}"));
        }
        else if (!isPublic && application.ClientSecret is { } secret && string.IsNullOrWhiteSpace(secret))
        {
            problems.Add(new("clientSecret", "clientSecret is blank; omit it to have one generated"));
        }

        ValidateGrants(problems, application, isPublic);
        problems.AddRange(ClientAuthentication.Validate(application).Select(problem => new FieldProblem(problem.Field, problem.Message)));
        CheckUris(problems, "redirectUris", application.RedirectUris);
        CheckUris(problems, "postLogoutRedirectUris", application.PostLogoutRedirectUris);
        LogoutUris.Check(problems, "backchannelLogoutUri", application.BackchannelLogoutUri);
        LogoutUris.Check(problems, "frontchannelLogoutUri", application.FrontchannelLogoutUri);
        ValidateScopes(problems, environmentId, application);
        if (application.Flow is not null)
        {
            CheckFlow(problems, "flow", application.Flow, knownFlows);
        }

        ValidateAcrFlows(problems, application.AcrFlows, knownFlows);
        return problems;
    }

    /// <summary>One user; uniqueness of the username is the caller's.</summary>
    public IReadOnlyList<FieldProblem> ValidateUser(EnvironmentFileUser user) => _users.ValidateEntry(user);

    private static void ValidateGrants(List<FieldProblem> problems, EnvironmentFileApplication application, bool isPublic)
    {
        if (application.GrantTypes.Count == 0)
        {
            problems.Add(new("grantTypes", "grantTypes is empty"));
        }

        foreach (var grant in application.GrantTypes.Where(grant => !ApplicationPermissions.KnownGrantTypes.Contains(grant)))
        {
            problems.Add(new("grantTypes", $"grant type '{grant}' is unknown; use {string.Join(", ", ApplicationPermissions.KnownGrantTypes)}"));
        }

        // client_credentials is the client acting as itself, which a client without a secret cannot prove.
        if (isPublic && application.GrantTypes.Contains(GrantTypes.ClientCredentials))
        {
            problems.Add(new("grantTypes", $"a public client cannot use {GrantTypes.ClientCredentials}"));
        }

        // RFC 8693 §2.1: the exchange is for a service that authenticates; a public client would let anyone holding
        // a user's token trade it for another.
        if (isPublic && application.GrantTypes.Contains(GrantTypes.TokenExchange))
        {
            problems.Add(new("grantTypes", $"a public client cannot use {GrantTypes.TokenExchange}"));
        }

        if (ApplicationPermissions.UsesRedirects(application.GrantTypes) && application.RedirectUris.Count == 0)
        {
            problems.Add(new("redirectUris", $"{GrantTypes.AuthorizationCode} and {GrantTypes.Implicit} need at least one redirect URI"));
        }

        if (application.RequirePushedAuthorizationRequests && !ApplicationPermissions.UsesRedirects(application.GrantTypes))
        {
            problems.Add(new("requirePushedAuthorizationRequests",
                $"only a client of {GrantTypes.AuthorizationCode} or {GrantTypes.Implicit} sends authorization requests to push"));
        }
    }

    private static void ValidateScopes(List<FieldProblem> problems, string environmentId, EnvironmentFileApplication application)
    {
        foreach (var scope in application.Scopes.Where(scope => !ApplicationPermissions.KnownScopes.Contains(scope)))
        {
            problems.Add(new("scopes", $"scope '{scope}' is unknown; use {string.Join(", ", ApplicationPermissions.KnownScopes)}"));
        }

        // Only the admin environment's tokens open the management API; elsewhere these scopes would mislead.
        if (environmentId != AdminEnvironment.Id)
        {
            foreach (var scope in application.Scopes.Where(ManagementScopes.All.Contains))
            {
                problems.Add(new("scopes", $"scope '{scope}' is only for applications of the {AdminEnvironment.Id} environment"));
            }
        }

        if (application.Scopes.Contains(Scopes.OfflineAccess) && !application.GrantTypes.Contains(GrantTypes.RefreshToken))
        {
            problems.Add(new("scopes", $"scope {Scopes.OfflineAccess} needs the {GrantTypes.RefreshToken} grant type"));
        }
    }

    /// <summary>
    /// acr values travel space-separated in acr_values (OIDC Core §3.1.2.1), so one has no spaces; each maps to a known flow.
    /// </summary>
    private static void ValidateAcrFlows(List<FieldProblem> problems, IReadOnlyDictionary<string, string>? acrFlows, IReadOnlySet<string> knownFlows)
    {
        const string field = "acrFlows";
        if (acrFlows is null)
        {
            return;
        }

        if (acrFlows.Count > MaxAcrFlows)
        {
            problems.Add(new(field, $"{field} may map at most {MaxAcrFlows} acr values"));
        }

        foreach (var (acr, flow) in acrFlows)
        {
            if (!Fits(acr, MaxAcrLength) || acr.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                problems.Add(new(field, $"{field} acr value '{acr}' must be 1 to {MaxAcrLength} characters without spaces"));
            }

            if (string.IsNullOrWhiteSpace(flow) || !knownFlows.Contains(flow))
            {
                problems.Add(new(field,
                    $"{field} '{acr}' maps to '{flow}', which is not a known flow; use {string.Join(", ", knownFlows.Order(StringComparer.Ordinal))}"));
            }
        }
    }

    private static void CheckFlow(List<FieldProblem> problems, string field, string flow, IReadOnlySet<string> knownFlows)
    {
        if (!knownFlows.Contains(flow))
        {
            problems.Add(new(field, $"{field} '{flow}' is not a known flow; use {string.Join(", ", knownFlows.Order(StringComparer.Ordinal))}"));
        }
    }

    /// <summary>RFC 6749 §3.1.2: a redirection endpoint is an absolute URI without a fragment.</summary>
    private static void CheckUris(List<FieldProblem> problems, string field, IReadOnlyList<string> uris)
    {
        foreach (var text in uris)
        {
            // On Unix a rooted path parses as an absolute file URI; it is still a relative reference here.
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile)
            {
                problems.Add(new(field, $"{field} '{text}' is not an absolute URI"));
            }
            else if (!string.IsNullOrEmpty(uri.Fragment) || text.Contains('#', StringComparison.Ordinal))
            {
                problems.Add(new(field, $"{field} '{text}' must not have a fragment"));
            }
        }
    }

    private static bool Fits(string? text, int maxLength) => !string.IsNullOrWhiteSpace(text) && text.Length <= maxLength;
}
