using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Flows.AuthServer.Messaging;

/// <summary>
/// Sends e-mail with MailKit through the environment's SMTP server: one connection per message, secured as the
/// settings say (a required STARTTLS is never skipped), signed in when a username is set. Logs name the environment,
/// the host and the kind of failure, never a recipient, the message or the password.
/// </summary>
public sealed partial class SmtpEmailSender(
    MessagingSettingsCache settings, MessagingSecretProtector protector, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    /// <summary>Per network operation: a server that does not answer fails the send within a sign-in's patience.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public async Task<MessageDelivery> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (await settings.FindAsync(message.EnvironmentId, cancellationToken) is not { SmtpHost: { } host, FromAddress: { } fromAddress } record)
        {
            LogNotConfigured(message.EnvironmentId);
            return MessageDelivery.NotConfigured;
        }

        using var mime = new MimeMessage();
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            mime.From.Add(new MailboxAddress(record.FromName ?? "", fromAddress));
            mime.To.Add(MailboxAddress.Parse(message.To));
            mime.Subject = message.Subject;
            mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
            await client.ConnectAsync(host, record.SmtpPort, SocketOptionsOf(record.SmtpSecurity), cancellationToken);
            if (record.SmtpUsername is { } username)
            {
                var password = record.ProtectedSmtpPassword is { } stored ? protector.Unprotect(stored) : "";
                await client.AuthenticateAsync(username, password, cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return MessageDelivery.Sent;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception's text may quote the server, which may quote the message: only its kind is logged.
            LogFailed(message.EnvironmentId, host, record.SmtpPort, exception.GetType().Name);
            return MessageDelivery.Failed;
        }
    }

    private static SecureSocketOptions SocketOptionsOf(string security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    [LoggerMessage(LogLevel.Warning, "E-mail of environment {EnvironmentId} not sent: the environment has no SMTP settings.")]
    private partial void LogNotConfigured(string environmentId);

    [LoggerMessage(LogLevel.Warning, "E-mail of environment {EnvironmentId} through {Host}:{Port} failed ({Failure}).")]
    private partial void LogFailed(string environmentId, string host, int port, string failure);
}
