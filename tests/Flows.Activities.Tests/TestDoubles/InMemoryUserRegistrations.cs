using Flows.Activities.Messaging;
using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>
/// Registrations in memory: taken usernames and addresses, the accounts registered (disabled until verified), the mails
/// sent (a code, or a notice for a taken one) and the clock codes expire by.
/// </summary>
public sealed class InMemoryUserRegistrations(TimeProvider clock) : IUserRegistrations
{
    public HashSet<string> TakenUsernames { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> TakenAddresses { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registered accounts by id: username, address, whether enabled (verified).</summary>
    public Dictionary<string, (string Username, string Email, bool Enabled)> Accounts { get; } = [];

    /// <summary>Every mail sent: to whom, and the code, or null for a notice.</summary>
    public List<(string To, string? Code)> Mails { get; } = [];

    public bool FailSending { get; set; }

    /// <summary>The attributes of the last account registered.</summary>
    public IReadOnlyDictionary<string, string> LastAttributes { get; private set; } = new Dictionary<string, string>();

    private readonly Dictionary<(string Flow, string Node), (string UserId, string Code, DateTimeOffset ExpiresAt)> _codes = [];
    private int _next;

    public PasswordRequirements GetPasswordRequirements(string environmentId) => new(8, NotUsername: true);

    public Task<RegistrationResult> RegisterAsync(NewRegistration registration, CancellationToken cancellationToken)
    {
        if (registration.Password.Length < 8)
        {
            return Task.FromResult(new RegistrationResult([new AttributeProblem(RegistrationFields.Password, "Password is too short.")], null));
        }

        if (TakenUsernames.Contains(registration.Username) || TakenAddresses.Contains(registration.Email))
        {
            return Task.FromResult(new RegistrationResult([], null));
        }

        var id = $"user-{++_next}";
        Accounts[id] = (registration.Username, registration.Email, false);
        LastAttributes = registration.Attributes;
        TakenUsernames.Add(registration.Username);
        return Task.FromResult(new RegistrationResult([], id));
    }

    public Task<CodeDelivery> SendCodeAsync(VerificationCodeRequest request, CancellationToken cancellationToken)
    {
        if (FailSending)
        {
            return Task.FromResult(CodeDelivery.Failed);
        }

        if (request.UserId is null)
        {
            Mails.Add((request.Email, null));
            return Task.FromResult(CodeDelivery.Sent);
        }

        var code = (100000 + Mails.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _codes[(request.FlowInstanceId, request.NodeId)] = (request.UserId, code, clock.GetUtcNow() + request.Lifetime);
        Mails.Add((request.Email, code));
        return Task.FromResult(CodeDelivery.Sent);
    }

    public Task<CodeCheck> VerifyAsync(string environmentId, string userId, string flowInstanceId, string nodeId, string code, CancellationToken cancellationToken)
    {
        if (!_codes.TryGetValue((flowInstanceId, nodeId), out var sent) || sent.UserId != userId || sent.Code != code)
        {
            return Task.FromResult(CodeCheck.Wrong);
        }

        if (sent.ExpiresAt <= clock.GetUtcNow())
        {
            return Task.FromResult(CodeCheck.Expired);
        }

        _codes.Remove((flowInstanceId, nodeId));
        Accounts[userId] = Accounts[userId] with { Enabled = true };
        return Task.FromResult(CodeCheck.Valid);
    }
}
