using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;

namespace Flows.AuthServer.Addressing;

/// <summary>Registers <see cref="PublicUrlOptions"/> and puts the public address first in the pipeline.</summary>
public static class PublicAddressRegistration
{
    public static IServiceCollection AddPublicAddress(this IServiceCollection services, IConfiguration configuration)
    {
        var options = PublicUrlOptions.From(configuration);
        services.AddSingleton(options);
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // Only the configured proxies: ASP.NET Core's default trusts loopback, which a proxy on another host is not.
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var network in options.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            foreach (var proxy in options.KnownProxies)
            {
                forwarded.KnownProxies.Add(proxy);

                // A server listening on [::] sees an IPv4 proxy as ::ffff:a.b.c.d.
                if (proxy.AddressFamily == AddressFamily.InterNetwork)
                {
                    forwarded.KnownProxies.Add(proxy.MapToIPv6());
                }
            }

            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
        });
        return services;
    }

    /// <summary>Call first: forwarded headers of trusted proxies (when configured), then the public address.</summary>
    public static IApplicationBuilder UsePublicAddress(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<PublicUrlOptions>().TrustsProxies)
        {
            app.UseForwardedHeaders();
        }

        return app.UseMiddleware<PublicAddressMiddleware>();
    }
}
