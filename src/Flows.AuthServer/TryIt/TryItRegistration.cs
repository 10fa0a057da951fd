namespace Flows.AuthServer.TryIt;

/// <summary>
/// Registers the try-it client's services. Its pages (<c>/{env}/try</c>, <c>/{env}/try/start</c>,
/// <c>/{env}/try/callback</c>) are Razor Pages, mapped with the other hosted pages.
/// </summary>
public static class TryItRegistration
{
    public static IServiceCollection AddTryIt(this IServiceCollection services)
    {
        services.AddHttpClient(TryItServerClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15))
            // The client only talks to this server's own endpoints, which never redirect.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddSingleton<TryItServerClient>();
        services.AddSingleton<TryItRequestCookie>();
        return services;
    }
}
