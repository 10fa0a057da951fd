namespace Flows.AuthServer.Messaging;

/// <summary>
/// Sends an e-mail on behalf of an environment, through that environment's SMTP settings. Never throws for a failed
/// delivery: the failure is logged (host and kind, never the message or a credential) and returned.
/// </summary>
public interface IEmailSender
{
    Task<MessageDelivery> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>An e-mail to one recipient: a plain-text body, and optionally an HTML one shown instead by mail programs that can.</summary>
public sealed record EmailMessage(string EnvironmentId, string To, string Subject, string TextBody, string? HtmlBody = null);

/// <summary>Whether a message went out.</summary>
public enum MessageDelivery
{
    Sent,

    /// <summary>The environment has no settings for the channel.</summary>
    NotConfigured,

    /// <summary>The service refused, failed or did not answer; the log says how.</summary>
    Failed,
}
