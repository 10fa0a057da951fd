using Flows.Activities.Messaging;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>
/// An <see cref="IContactDevices"/> over <see cref="InMemoryMessagedCodes"/>: the channels the environment can send on
/// are set by a test, an e-mail address has an @ and a number starts with +, and an enrolled address becomes the
/// user's verified device there.
/// </summary>
public sealed class InMemoryContactDevices(InMemoryMessagedCodes codes) : IContactDevices
{
    /// <summary>The channels the environment has settings for; none unless a test adds them.</summary>
    public HashSet<ContactChannel> Sendable { get; } = [];

    public Task<bool> CanSendAsync(string environmentId, ContactChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult(Sendable.Contains(channel));

    public string? Normalize(ContactChannel channel, string? typed)
    {
        var value = typed?.Trim() ?? "";
        return channel == ContactChannel.Sms
            ? value.Length > 4 && value[0] == '+' && value[1..].All(char.IsAsciiDigit) ? value : null
            : value.IndexOf('@') > 0 && value.IndexOf('@') < value.Length - 1 ? value.ToLowerInvariant() : null;
    }

    public string Mask(ContactChannel channel, string address) => address[..1] + "•••";

    public Task EnrollAsync(string environmentId, string userId, ContactChannel channel, string address, CancellationToken cancellationToken)
    {
        codes.AddDevice(userId, channel, address);
        return Task.CompletedTask;
    }
}
