using Flows.Activities;
using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Messaging;
using Flows.AuthServer.Users.ContactDevices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Users.Registrations;

/// <summary>
/// The server's self-service registrations: a new account is created disabled, its address an unverified e-mail device,
/// and logged as any user creation (by the new user's id); the right code verifies the address and enables the account
/// in one transaction. Taken usernames and addresses are answered as new ones, as slowly, and told only by e-mail.
/// </summary>
public sealed class UserRegistrations(
    ServerDbContext db,
    UserEditor editor,
    PasswordPolicy policy,
    PasswordHashing hashing,
    IOptions<FlowsPasswordOptions> passwordOptions,
    SentCodeStore codes,
    EnvironmentCatalog catalog,
    IEmailSender email,
    AuditLog audit) : IUserRegistrations
{
    public PasswordRequirements GetPasswordRequirements(string environmentId) => new(passwordOptions.Value.MinimumLength, NotUsername: true);

    public async Task<RegistrationResult> RegisterAsync(NewRegistration registration, CancellationToken cancellationToken)
    {
        if (policy.FindProblem(registration.Username, registration.Password) is { } problem)
        {
            return new RegistrationResult([new AttributeProblem(RegistrationFields.Password, $"Password {problem}.")], null);
        }

        if (await IsTakenAsync(registration, cancellationToken))
        {
            // As slow as creating the account (which hashes the password): the time must not tell the answers apart.
            await hashing.SpendOneVerificationAsync(registration.Password, cancellationToken);
            return new RegistrationResult([], null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        UserRecord user;
        try
        {
            user = await editor.CreateAsync(registration.EnvironmentId, new NewUser(registration.Username)
            {
                Password = registration.Password,
                Email = registration.Email,
                Attributes = registration.Attributes,
                // Until the address is verified, nobody signs in as this account; never verified, it is purged.
                Enabled = false,
                Unverified = true,
            }, cancellationToken);
        }
        catch (DuplicateUsernameException)
        {
            // Registered at the same moment by another flow: answered as any taken username.
            return new RegistrationResult([], null);
        }

        // Logged by the new user's id, in the transaction that creates it with its address.
        audit.Add(db, Actor(registration.EnvironmentId, registration.FlowInstanceId, user.Id), registration.EnvironmentId,
            AuditActions.UserCreated, StatusCodes.Status201Created);
        db.ContactDevices.Add(new ContactDeviceRecord
        {
            EnvironmentId = registration.EnvironmentId,
            UserId = user.Id,
            Channel = MessagedCodeFields.EmailType,
            Address = registration.Email,
            Verified = false,
            CreatedAt = user.CreatedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RegistrationResult([], user.Id);
    }

    public async Task<CodeDelivery> SendCodeAsync(VerificationCodeRequest request, CancellationToken cancellationToken)
    {
        var name = (await catalog.FindAsync(request.EnvironmentId, cancellationToken))?.Name ?? request.EnvironmentId;
        if (request.UserId is not { } userId)
        {
            var text = await HasAccountAsync(request.EnvironmentId, request.Email, cancellationToken)
                ? RegistrationMessages.AccountExistsText(name)
                : RegistrationMessages.UsernameTakenText(name, request.Username);
            var notice = await email.SendAsync(new EmailMessage(request.EnvironmentId, request.Email, RegistrationMessages.NoticeSubject(name),
                text, RegistrationMessages.Html(text)), cancellationToken);
            return notice == MessageDelivery.Sent ? CodeDelivery.Sent : CodeDelivery.Failed;
        }

        var code = SentCodeHashing.Generate(request.Length);
        var delivery = await email.SendAsync(new EmailMessage(request.EnvironmentId, request.Email, RegistrationMessages.CodeSubject(name),
            RegistrationMessages.CodeText(name, code, request.Lifetime), RegistrationMessages.CodeHtml(name, code, request.Lifetime)), cancellationToken);
        if (delivery != MessageDelivery.Sent)
        {
            return CodeDelivery.Failed;
        }

        // Kept only once sent: a code no one received must not be the one the step waits for.
        await codes.StoreAsync(request.EnvironmentId, request.FlowInstanceId, request.NodeId, userId, code, request.Lifetime, cancellationToken);
        return CodeDelivery.Sent;
    }

    public async Task<CodeCheck> VerifyAsync(
        string environmentId, string userId, string flowInstanceId, string nodeId, string code, CancellationToken cancellationToken)
    {
        var check = await codes.ConsumeAsync(environmentId, userId, flowInstanceId, nodeId, code, cancellationToken);
        if (check != CodeCheck.Valid)
        {
            return check;
        }

        // The code is used up: what it proves is stored whatever became of the request.
        var verified = await audit.RecordWithAsync(db, Actor(environmentId, flowInstanceId, userId), environmentId, AuditActions.UserEmailVerified,
            StatusCodes.Status200OK, async () =>
            {
                // The user's row first, as the purge of unverified registrations locks it before the rows that go with it.
                var enabled = await db.Users.Where(u => u.Id == userId && u.EnvironmentId == environmentId && !u.Enabled)
                    .ExecuteUpdateAsync(set => set.SetProperty(u => u.Enabled, true).SetProperty(u => u.UnverifiedSince, (DateTimeOffset?)null),
                        CancellationToken.None);
                var device = await db.ContactDevices.Where(d => d.EnvironmentId == environmentId && d.UserId == userId
                        && d.Channel == MessagedCodeFields.EmailType && !d.Verified)
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.Verified, true), CancellationToken.None);
                return device == 1 && enabled == 1;
            }, CancellationToken.None);
        return verified ? CodeCheck.Valid : CodeCheck.Wrong;
    }

    /// <summary>Whether the username is someone's, or the address is an account's (other than a registration still unverified).</summary>
    private async Task<bool> IsTakenAsync(NewRegistration registration, CancellationToken cancellationToken)
    {
        var normalized = Usernames.Normalize(registration.Username);
        return await db.Users.AnyAsync(u => u.EnvironmentId == registration.EnvironmentId && u.NormalizedUsername == normalized, cancellationToken)
            || await HasAccountAsync(registration.EnvironmentId, registration.Email, cancellationToken);
    }

    /// <summary>
    /// Whether an account has the address. A registration not yet verified does not hold it: anyone could type someone
    /// else's address, and its owner must still be able to register.
    /// </summary>
    private async Task<bool> HasAccountAsync(string environmentId, string address, CancellationToken cancellationToken)
    {
        var upper = address.ToUpperInvariant();
        var pending = db.ContactDevices.Where(d => d.EnvironmentId == environmentId && d.Channel == MessagedCodeFields.EmailType && !d.Verified)
            .Select(d => d.UserId);
        return await db.Users.AnyAsync(u => u.EnvironmentId == environmentId && u.Email != null && u.Email.ToUpper() == upper
                && (u.Enabled || !pending.Contains(u.Id)), cancellationToken)
            || await db.ContactDevices.AnyAsync(d => d.EnvironmentId == environmentId && d.Channel == MessagedCodeFields.EmailType
                && d.Verified && d.Address.ToUpper() == upper, cancellationToken);
    }

    private static AuditActor Actor(string environmentId, string flowInstanceId, string subject) =>
        new(subject, HttpMethods.Post, $"/{environmentId}/flows/{flowInstanceId}");
}
