namespace Flows.AuthServer.Messaging;

/// <summary>
/// Sends a text message on behalf of an environment, through that environment's SMS gateway. Never throws for a
/// failed delivery: the failure is logged (host and kind, never the text or a credential) and returned.
/// </summary>
public interface ISmsSender
{
    Task<MessageDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>A text message to one phone number (E.164, e.g. <c>+15551234567</c>).</summary>
public sealed record SmsMessage(string EnvironmentId, string To, string Text);
