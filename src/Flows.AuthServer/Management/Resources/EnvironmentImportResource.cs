using Flows.AuthServer.Provisioning;

namespace Flows.AuthServer.Management.Resources;

/// <summary>
/// The answer of <c>POST /v1/environments/import</c>: the new environment, and what was generated for it. The
/// client secrets, passwords, authenticator keys and the outbound secret are stored only hashed or protected: this answer is the only
/// time they are shown.
/// </summary>
public sealed record EnvironmentImportResource(
    EnvironmentResource Environment,
    IReadOnlyList<string> PublishedFlows,
    IReadOnlyList<ImportedApplicationResource> Applications,
    IReadOnlyList<ImportedUserResource> Users,
    string? OutboundSecret)
{
    public static EnvironmentImportResource Of(EnvironmentResource environment, EnvironmentImportResult result) => new(
        environment,
        result.PublishedFlows,
        result.Applications.Select(a => new ImportedApplicationResource(a.ClientId, a.ClientType, a.GeneratedSecret)).ToList(),
        result.Users.Select(u => new ImportedUserResource(u.UserId, u.Username, u.GeneratedPassword, u.GeneratedTotp?.Secret, u.GeneratedTotp?.Uri)).ToList(),
        result.GeneratedOutboundSecret);
}

/// <summary>A created application; <c>clientSecret</c> when one was generated.</summary>
public sealed record ImportedApplicationResource(string ClientId, string Type, string? ClientSecret);

/// <summary>A created user; the password and authenticator key when they were generated.</summary>
public sealed record ImportedUserResource(string Id, string Username, string? Password, string? TotpSecret, string? TotpUri);
