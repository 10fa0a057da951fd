using System.Text.Json;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Discovery (OIDC Discovery §3) names the acr values the environment's applications map to flows
/// (<c>acr_values_supported</c>), and that an essential acr claim of the <c>claims</c> parameter is read too.
/// </summary>
public sealed class AdvertiseAcrValues(ServerDbContext db, EnvironmentContext environments)
    : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseScopedHandler<AdvertiseAcrValues>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachAdditionalMetadata.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        var environmentId = environments.Required.Id;
        var maps = await db.Applications.AsNoTracking()
            .Where(a => a.EnvironmentId == environmentId)
            .Select(a => a.AcrFlows)
            .ToListAsync(CancellationToken.None);
        var acrValues = maps.SelectMany(map => map.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (acrValues.Length > 0)
        {
            context.Metadata[Metadata.AcrValuesSupported] = JsonSerializer.SerializeToElement(acrValues);
        }

        context.Metadata[Metadata.ClaimsParameterSupported] = true;
    }
}
