using Flows.Activities.Messaging;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>
/// An <see cref="IMessagedCodes"/> in memory: verified devices per user and channel, the messages "sent" (a test reads
/// the code from them), and one code per flow step that expires and is removed when used.
/// </summary>
public sealed class InMemoryMessagedCodes(TimeProvider clock) : IMessagedCodes
{
    private readonly Dictionary<(string User, ContactChannel Channel), string> _devices = [];
    private readonly Dictionary<(string Instance, string Node), (string Code, DateTimeOffset ExpiresAt)> _codes = [];
    private int _issued;

    /// <summary>Every code sent, in order, with where it went.</summary>
    public List<(string Address, string Code)> Sent { get; } = [];

    /// <summary>When set, the next sends fail as a mail server that is down would.</summary>
    public bool FailSending { get; set; }

    public string LastCode => Sent[^1].Code;

    public void AddDevice(string userId, ContactChannel channel, string address) => _devices[(userId, channel)] = address;

    /// <summary>The user's verified address of the channel, or null.</summary>
    public string? DeviceOf(string userId, ContactChannel channel) => _devices.GetValueOrDefault((userId, channel));

    public void RemoveDevice(string userId, ContactChannel channel) => _devices.Remove((userId, channel));

    public Task<ContactDevice?> FindDeviceAsync(string environmentId, string userId, ContactChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult(_devices.TryGetValue((userId, channel), out var address)
            ? new ContactDevice(channel.ToString().ToLowerInvariant(), channel, address[..1] + "•••")
            : null);

    public Task<CodeDelivery> SendAsync(CodeRequest request, CancellationToken cancellationToken)
    {
        var address = request.Address ?? _devices.GetValueOrDefault((request.UserId, request.Device.Channel));
        if (FailSending || address is null)
        {
            return Task.FromResult(CodeDelivery.Failed);
        }

        // Distinct, well-formed codes of the asked length.
        var code = (++_issued).ToString().PadLeft(request.Length, '0');
        _codes[(request.FlowInstanceId, request.NodeId)] = (code, clock.GetUtcNow() + request.Lifetime);
        Sent.Add((address, code));
        return Task.FromResult(CodeDelivery.Sent);
    }

    public Task<CodeCheck> CheckAsync(
        string environmentId, string userId, string flowInstanceId, string nodeId, string code, CancellationToken cancellationToken)
    {
        if (!_codes.TryGetValue((flowInstanceId, nodeId), out var sent) || sent.Code != code)
        {
            return Task.FromResult(CodeCheck.Wrong);
        }

        if (sent.ExpiresAt <= clock.GetUtcNow())
        {
            return Task.FromResult(CodeCheck.Expired);
        }

        _codes.Remove((flowInstanceId, nodeId));
        return Task.FromResult(CodeCheck.Valid);
    }
}
