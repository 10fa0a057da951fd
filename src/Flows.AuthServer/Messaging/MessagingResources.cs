using System.Text.Json.Serialization;

namespace Flows.AuthServer.Messaging;

/// <summary>
/// An environment's SMTP settings as <c>/v1/environments/{env}/email</c> shows and replaces them (and the <c>email</c>
/// member of an environment file). The password is write-only: never shown, and a change without one keeps the stored
/// one (an empty one removes it).
/// </summary>
public sealed record EmailSettingsResource
{
    public const int DefaultPort = 587;

    /// <summary>The SMTP server; null while the environment sends no e-mail.</summary>
    public string? Host { get; init; }

    public int Port { get; init; } = DefaultPort;

    /// <summary><c>None</c>, <c>StartTls</c> (the default) or <c>SslOnConnect</c> (<see cref="SmtpSecurity"/>).</summary>
    public string Security { get; init; } = SmtpSecurity.Default;

    /// <summary>Who signs in to the SMTP server; none when absent.</summary>
    public string? Username { get; init; }

    /// <summary>Write-only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; init; }

    public string? FromAddress { get; init; }

    public string? FromName { get; init; }

    /// <summary>Read-only: whether a password is stored.</summary>
    public bool HasPassword { get; init; }
}

/// <summary>
/// An environment's SMS gateway as <c>/v1/environments/{env}/sms</c> shows and replaces it (and the <c>sms</c> member of
/// an environment file): the URL text messages are posted to, signed with the secret, which is write-only.
/// </summary>
public sealed record SmsSettingsResource
{
    /// <summary>The gateway's URL (https; its host must be in the environment's outbound allow-list); null while none.</summary>
    public string? Url { get; init; }

    /// <summary>Write-only: the key of the <c>Flows-Signature</c> the gateway verifies; a change without one keeps it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    /// <summary>Read-only: whether a secret is stored.</summary>
    public bool HasSecret { get; init; }
}
