using System.Text;

namespace Flows.AuthServer.Provisioning;

/// <summary>
/// The text an administrator reads after start-up created an environment, including the secrets that were
/// generated for it: they are stored only hashed or protected, so this text is the one chance to note them.
/// </summary>
public static class EnvironmentImportSummary
{
    public static string Format(EnvironmentImportResult result, bool includeSecrets = true)
    {
        var text = new StringBuilder()
            .AppendLine($"Environment '{result.EnvironmentId}' ({result.Name}) was created; issuer /{result.EnvironmentId}/as.");
        if (result.PublishedFlows.Count > 0)
        {
            text.AppendLine($"  flows: {string.Join(", ", result.PublishedFlows)}");
        }

        foreach (var application in result.Applications)
        {
            text.Append($"  application '{application.ClientId}' ({application.ClientType})");
            text.AppendLine(includeSecrets && application.GeneratedSecret is { } secret ? $", client secret: {secret}" : "");
        }

        foreach (var user in result.Users)
        {
            text.Append($"  user '{user.Username}'");
            text.AppendLine(includeSecrets && user.GeneratedPassword is { } password ? $", password: {password}" : "");
            if (includeSecrets && user.GeneratedTotp is { } totp)
            {
                text.AppendLine($"    authenticator key: {totp.Secret}");
                text.AppendLine($"    authenticator URI: {totp.Uri}");
            }
        }

        if (includeSecrets && result.GeneratedOutboundSecret is { } outbound)
        {
            text.AppendLine($"  outbound secret (signs calls to outside services and continue tokens): {outbound}");
        }

        if (includeSecrets && HasGeneratedSecrets(result))
        {
            text.AppendLine("  The generated secrets above are shown only this once; note them now.");
        }

        return text.ToString().TrimEnd();
    }

    public static bool HasGeneratedSecrets(EnvironmentImportResult result) =>
        result.GeneratedOutboundSecret is not null
        || result.Applications.Any(a => a.GeneratedSecret is not null)
        || result.Users.Any(u => u.GeneratedPassword is not null || u.GeneratedTotp is not null);
}
