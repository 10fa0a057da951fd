using Flows.AuthServer.Messaging;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// An environment's SMTP settings for the designer: every change is the <see cref="MessagingService"/>'s, validated,
/// audited and spread to every node as <c>/v1</c>'s; the password goes in and never comes back.
/// </summary>
public sealed class ServerDesignerEmailSettings(IServiceScopeFactory scopes, DesignerActor actors) : IDesignerEmailSettings
{
    private const string Path = "/email";

    public IReadOnlyList<DesignerEmailSecurity> Securities { get; } =
    [
        .. SmtpSecurity.All.OrderBy(security => security != SmtpSecurity.Default)
            .Select(security => new DesignerEmailSecurity(security, SmtpSecurity.LabelOf(security))),
    ];

    public async Task<DesignerEmailSettings?> GetAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<MessagingService>().GetEmailAsync(environmentId, cancellationToken);
        return found.Value is { } email
            ? new DesignerEmailSettings(email.Host, email.Port, email.Security, email.Username, email.HasPassword, email.FromAddress, email.FromName)
            : null;
    }

    public async Task<string?> SaveAsync(string environmentId, DesignerEmailSettingsChange change, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Put, Path);
        var changed = await scope.ServiceProvider.GetRequiredService<MessagingService>().ChangeEmailAsync(environmentId, new EmailSettingsResource
        {
            Host = change.Host,
            Port = change.Port,
            Security = change.Security,
            Username = change.Username,
            Password = change.Password,
            FromAddress = change.FromAddress,
            FromName = change.FromName,
        }, actor, cancellationToken);
        return changed.Error is { } error ? DesignerMessages.Of(error) : null;
    }
}
