using Flows.AuthServer.Invalidation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flows.AuthServer.Messaging;

/// <summary>
/// Registers how the server sends messages: e-mail through each environment's SMTP server, text messages through its
/// SMS gateway, the settings' cache (forgotten on every node when they change) and the service that keeps their rules.
/// </summary>
public static class MessagingRegistration
{
    public static IServiceCollection AddFlowsMessaging(this IServiceCollection services)
    {
        services.TryAddSingleton<MessagingSecretProtector>();
        services.TryAddSingleton<MessagingSettingsCache>();
        services.AddSingleton<IInvalidatedCache>(provider => provider.GetRequiredService<MessagingSettingsCache>());
        services.TryAddScoped<MessagingService>();
        services.TryAddScoped<IEmailSender, SmtpEmailSender>();
        services.TryAddScoped<ISmsSender, HttpSmsGateway>();
        return services;
    }
}
