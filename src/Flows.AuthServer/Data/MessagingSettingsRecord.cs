namespace Flows.AuthServer.Data;

/// <summary>
/// How an environment sends messages: its SMTP server and sender, and its SMS gateway. The SMTP password and the
/// gateway secret are protected with Data Protection, write-only and never exported.
/// </summary>
public sealed class MessagingSettingsRecord
{
    public required string EnvironmentId { get; init; }

    /// <summary>The SMTP server's host name; null while the environment sends no e-mail.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; }

    /// <summary>One of <see cref="Messaging.SmtpSecurity"/>.</summary>
    public string SmtpSecurity { get; set; } = Messaging.SmtpSecurity.StartTls;

    public string? SmtpUsername { get; set; }

    public string? ProtectedSmtpPassword { get; set; }

    public string? FromAddress { get; set; }

    public string? FromName { get; set; }

    /// <summary>Where text messages are posted; null while the environment sends none.</summary>
    public string? SmsGatewayUrl { get; set; }

    /// <summary>The key that signs the gateway's requests (<c>Flows-Signature</c>), protected.</summary>
    public string? ProtectedSmsGatewaySecret { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
