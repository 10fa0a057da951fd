namespace Flows.Activities.Messaging;

/// <summary>
/// What an enrolment step needs of the server's e-mail and SMS devices: whether the environment can send on a channel,
/// how an address the user typed is read and shown, and storing an address the user proved with a code.
/// </summary>
public interface IContactDevices
{
    /// <summary>Whether the environment has what the channel sends through (SMTP settings, an SMS gateway).</summary>
    Task<bool> CanSendAsync(string environmentId, ContactChannel channel, CancellationToken cancellationToken);

    /// <summary>The typed address in the form devices keep (an e-mail address, an E.164 number); null when it is not one.</summary>
    string? Normalize(ContactChannel channel, string? typed);

    /// <summary>The address as a prompt may show it: <c>a•••@example.com</c>, <c>+1•••67</c>.</summary>
    string Mask(ContactChannel channel, string address);

    /// <summary>Stores the address as the user's verified device of the channel, replacing any earlier one.</summary>
    Task EnrollAsync(string environmentId, string userId, ContactChannel channel, string address, CancellationToken cancellationToken);
}
