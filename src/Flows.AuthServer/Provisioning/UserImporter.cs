using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Users;

namespace Flows.AuthServer.Provisioning;

/// <summary>Creates an environment file's user, generating the password and authenticator key the file leaves out.</summary>
public sealed class UserImporter(UserService users)
{
    public async Task<ImportedUser> CreateAsync(EnvironmentRecord environment, EnvironmentFileUser entry, CancellationToken cancellationToken)
    {
        var generatedPassword = entry.Password is null ? RandomSecrets.Password() : null;
        var enrollment = entry.TotpSecret == EnvironmentFileUser.GenerateTotpSecret
            ? Enroll(environment, entry.Username)
            : null;

        var user = await users.CreateAsync(environment.Id, new NewUser(entry.Username)
        {
            Password = entry.Password ?? generatedPassword,
            Email = entry.Email,
            Name = entry.Name,
            Groups = entry.Groups,
            Attributes = entry.Attributes,
            TotpSecret = enrollment?.Secret ?? entry.TotpSecret,
            Enabled = entry.Enabled,
            MustChangePassword = entry.MustChangePassword,
        }, cancellationToken);

        return new ImportedUser(user.Username, user.Id, generatedPassword, enrollment);
    }

    private static TotpEnrollment Enroll(EnvironmentRecord environment, string username)
    {
        var secret = TotpKeys.Encode(TotpKeys.Generate());
        return new TotpEnrollment(secret, TotpKeys.EnrollmentUri(TotpKeys.IssuerOf(environment.Name), username, secret));
    }
}
