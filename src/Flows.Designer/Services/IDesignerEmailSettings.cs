namespace Flows.Designer.Services;

/// <summary>An environment's SMTP settings, through which its flows mail one-time codes; the password is written, never read.</summary>
public interface IDesignerEmailSettings
{
    /// <summary>The ways the connection can be secured, as the server defines them; the first is the default.</summary>
    IReadOnlyList<DesignerEmailSecurity> Securities { get; }

    /// <summary>The settings, or null when the environment does not exist.</summary>
    Task<DesignerEmailSettings?> GetAsync(string environmentId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the settings; a null password keeps the stored one. Returns null when saved, else why not, to show.</summary>
    Task<string?> SaveAsync(string environmentId, DesignerEmailSettingsChange change, CancellationToken cancellationToken = default);
}

/// <summary>The SMTP settings as the designer shows them: whether a password is stored, never the password.</summary>
public sealed record DesignerEmailSettings(
    string? Host, int Port, string Security, string? Username, bool HasPassword, string? FromAddress, string? FromName);

/// <summary>The SMTP settings an administrator saves; <see cref="Password"/> null keeps the stored one.</summary>
public sealed record DesignerEmailSettingsChange(
    string? Host, int Port, string Security, string? Username, string? Password, string? FromAddress, string? FromName);

/// <summary>A way the SMTP connection can be secured: the value settings store and the label a form shows.</summary>
public sealed record DesignerEmailSecurity(string Value, string Label);
