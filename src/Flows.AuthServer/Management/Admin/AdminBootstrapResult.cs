using System.Text;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Provisioning;

namespace Flows.AuthServer.Management.Admin;

/// <summary>
/// What the bootstrap administration created: null for what existed already, the generated password or secret
/// for what it made up. Generated secrets are stored only hashed, so this is the one time they can be shown.
/// </summary>
public sealed record AdminBootstrapResult(ImportedUser? User, ImportedApplication? Client)
{
    public bool CreatedAnything => User is not null || Client is not null;

    public bool HasGeneratedSecrets => User?.GeneratedPassword is not null || Client?.GeneratedSecret is not null;

    /// <summary>What was created, for the log and (with <paramref name="includeSecrets"/>) the operator's console.</summary>
    public string Format(bool includeSecrets)
    {
        var text = new StringBuilder($"Bootstrap administration of environment '{AdminEnvironment.Id}':").AppendLine();
        if (User is not null)
        {
            text.Append($"  administrator '{User.Username}' was created");
            text.AppendLine(includeSecrets && User.GeneratedPassword is { } password ? $", password: {password}" : "");
        }

        if (Client is not null)
        {
            text.Append($"  client '{Client.ClientId}' (client credentials; {ManagementScopes.Read} {ManagementScopes.Write}) was created");
            text.AppendLine(includeSecrets && Client.GeneratedSecret is { } secret ? $", client secret: {secret}" : "");
        }

        if (includeSecrets && HasGeneratedSecrets)
        {
            text.AppendLine($"  The generated secrets above are shown only this once; note them now, or set {AdminOptions.Section} before the first start.");
        }

        return text.ToString().TrimEnd();
    }
}
