using Flows.Activities.Users;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Invalidation;
using Flows.AuthServer.Logout;
using Flows.AuthServer.Protocol.ClientKeys;
using Flows.AuthServer.Protocol.Consent;
using Flows.AuthServer.Protocol.Device;
using Flows.AuthServer.Protocol.Exchange;
using Flows.AuthServer.Protocol.Handlers;
using Flows.AuthServer.Protocol.Stores;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.DataProtection;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// OpenIddict as every environment uses it: endpoints relative to the environment's issuer, the grants of
/// the contract, JWT access tokens signed RS256 with the environment's key.
/// </summary>
public static class ProtocolRegistration
{
    /// <summary>
    /// OpenIddict's stores and managers, per environment: what the importer and the management API need even
    /// without the server endpoints.
    /// </summary>
    public static IServiceCollection AddFlowsApplications(this IServiceCollection services, ProtocolAccelerationOptions acceleration)
    {
        services.AddOpenIddict().AddCore(core =>
        {
            core.UseEntityFrameworkCore()
                .UseDbContext<ServerDbContext>()
                .ReplaceDefaultEntities<FlowsApplication, FlowsAuthorization, FlowsScope, FlowsToken, string>();
            core.ReplaceApplicationStore<FlowsApplication, EnvironmentApplicationStore>();
            core.ReplaceAuthorizationStore<FlowsAuthorization, FlowsAuthorizationStore>();
            core.ReplaceTokenStore<FlowsToken, FlowsTokenStore>();

            // OpenIddict's cache is keyed by client id alone; the same id may exist in two environments.
            core.DisableEntityCaching();
        });
        services.AddApplicationAcceleration(acceleration);
        services.TryAddScoped<EnvironmentContext>();
        services.TryAddSingleton<ServerOptionsByEnvironment>();
        services.AddSingleton<IInvalidatedCache>(provider => provider.GetRequiredService<ServerOptionsByEnvironment>());
        return services;
    }

    public static IServiceCollection AddFlowsProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        var acceleration = ProtocolAccelerationOptions.From(configuration);
        var exchange = TokenExchangeOptions.From(configuration);
        services.AddOptions<ProtocolAccelerationOptions>().Bind(configuration.GetSection(ProtocolAccelerationOptions.Section));
        services.AddFlowsApplications(acceleration);
        services.AddOpenIddict()
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("authorize", ResumedFlow.ResumePath.TrimStart('/'))
                    .SetPushedAuthorizationEndpointUris(PushedAuthorization.EndpointPath)
                    .SetTokenEndpointUris("token")
                    .SetUserInfoEndpointUris("userinfo")
                    .SetJsonWebKeySetEndpointUris("jwks")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetEndSessionEndpointUris("signoff")
                    .SetIntrospectionEndpointUris("introspect")
                    .SetRevocationEndpointUris("revoke")
                    .SetDeviceAuthorizationEndpointUris(DeviceAuthorization.EndpointPath)
                    .SetEndUserVerificationEndpointUris(DeviceAuthorization.ResumePath.TrimStart('/'));

                server.AllowAuthorizationCodeFlow()
                    .AllowImplicitFlow()
                    .AllowHybridFlow()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow()
                    .AllowDeviceAuthorizationFlow();
                if (exchange.Enabled)
                {
                    AllowTokenExchange(server);
                }

                // PKCE with S256 only (RFC 9700 §2.1.1): a "plain" challenge is the verifier itself, so whoever sees
                // the authorization request can redeem the code. Without a method, RFC 7636 §4.3 means plain: refused too.
                server.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

                // A pushed request's request_uri lives as long as a sign-in may take (see PushedAuthorization).
                server.Configure(options => options.RequestTokenLifetime = PushedAuthorization.RequestUriLifetime);

                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, ManagementScopes.Read, ManagementScopes.Write);
                server.RegisterClaims(
                    Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.Email,
                    Claims.AuthenticationMethodReference, Claims.AuthenticationContextReference, Claims.AuthenticationTime,
                    LogoutTokens.SessionIdClaim);

                server.SetAccessTokenLifetime(TokenLifetimes.AccessToken)
                    .SetIdentityTokenLifetime(TokenLifetimes.IdentityToken)
                    .SetAuthorizationCodeLifetime(TokenLifetimes.AuthorizationCode)
                    .SetRefreshTokenLifetime(TokenLifetimes.RefreshToken);

                // Access tokens are plain signed JWTs that resource servers can verify with the JWKS.
                server.DisableAccessTokenEncryption();

                // A refresh token is single-use: any reuse is refused (and revokes the grant), no grace period.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);

                server.AddEventHandler(SkipRequestsOutsideEnvironments.Descriptor)
                    .AddEventHandler(RestoreResumedAuthorizationRequest.Descriptor)
                    .AddEventHandler(RejectOversizedAuthorizationRequests.Descriptor)
                    .AddEventHandler(RejectOversizedAuthorizationRequests.PushedDescriptor)
                    .AddEventHandler(RedirectErrorsToVerifiedClients.Descriptor)
                    .AddEventHandler(RejectGrantsOfDisabledUsers.Descriptor)
                    .AddEventHandler(ApplyDefaultManagementScopes.Descriptor)
                    .AddEventHandler(IssueClientCredentialsPrincipal.Descriptor)
                    .AddEventHandler(AttachClientSecretStamp.Descriptor)
                    .AddEventHandler(LimitManagementScopesToRoles.Descriptor)
                    .AddEventHandler(AttachUserInfoClaims.Descriptor)
                    .AddEventHandler(SkipStorageOfClientAccessTokens.Descriptor)
                    .AddEventHandler(AttachSessionId.Descriptor)
                    .AddEventHandler(AttachLogoutMetadata.Descriptor)
                    .AddEventHandler(AcceptEndpointAudiencesOfClientAssertions.Descriptor)
                    .AddEventHandler(AcceptUntypedClientAssertions.Descriptor)
                    .AddEventHandler(AcceptUntypedClientAssertions.TypeDescriptor)
                    .AddEventHandler(RejectReplayedClientAssertions.Descriptor)
                    .AddEventHandler(ResolveRemoteClientAssertionKeys.Descriptor)
                    .AddEventHandler(AttachClientAssertionSigningAlgorithms.Descriptor)
                    .AddEventHandler(AdvertiseAcrValues.Descriptor)
                    .AddEventHandler(AttachDeviceVerificationUris.Descriptor)
                    .AddEventHandler(RestoreVerifiedDeviceRequest.Descriptor)
                    .AddEventHandler(SlowDownDevicePolling.Descriptor)
                    .AddEventHandler(KeepErrorParametersAscii<ApplyTokenResponseContext>.Descriptor)
                    .AddEventHandler(KeepErrorParametersAscii<ApplyIntrospectionResponseContext>.Descriptor)
                    .AddEventHandler(KeepErrorParametersAscii<ApplyRevocationResponseContext>.Descriptor)
                    .AddEventHandler(KeepErrorParametersAscii<ApplyPushedAuthorizationResponseContext>.Descriptor)
                    .AddEventHandler(KeepErrorParametersAscii<ApplyUserInfoResponseContext>.Descriptor);

                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough()
                    .EnableStatusCodePagesIntegration()
                    // Responses are read by programs: indentation only costs bytes and time on every token.
                    .SuppressJsonResponseIndentation()
                    // Transport security is the reverse proxy's job; the server also runs on loopback over HTTP.
                    .DisableTransportSecurityRequirement();

                // Authorization codes are Data Protection payloads (AES and HMAC under the nodes' shared key ring, bound
                // to the environment) instead of JWTs signed and encrypted with the environment's RSA keys: only this
                // server reads a code, and a code cost two of a sign-in's four RSA private-key operations. Every other
                // token keeps its format.
                server.UseDataProtection()
                    .PreferDefaultAccessTokenFormat()
                    .PreferDefaultRefreshTokenFormat()
                    .PreferDefaultDeviceCodeFormat()
                    .PreferDefaultUserCodeFormat()
                    .PreferDefaultRequestTokenFormat();
            });
        services.AddOptions<OpenIddictServerDataProtectionOptions>()
            .Configure<IDataProtectionProvider, IHttpContextAccessor>((options, keyRing, requests) =>
                options.DataProtectionProvider = new EnvironmentDataProtection(keyRing, requests));

        services.AddServerAcceleration(acceleration);
        services.AddRemoteClientKeys(configuration);
        services.AddSingleton<RequireUserGrant>(); // filters come from the container, like handlers
        services.AddSingleton<RequireTokenExchange>();
        services.AddScoped<AuthorizationConsent>();
        services.AddSingleton<DevicePollingPace>();
        services.AddScoped<IDeviceAuthorizations, DeviceAuthorizations>();
        services.AddScoped<DeviceVerificationFlows>();

        services.AddOptions<SigningKeyOptions>().Bind(configuration.GetSection(SigningKeyOptions.Section));
        services.AddSingleton<EnvironmentKeyStore>();
        services.AddSingleton<IInvalidatedCache>(provider => provider.GetRequiredService<EnvironmentKeyStore>());
        services.AddScoped<ILogoutTokenSigner, LogoutTokenWriter>();
        // Scoped, as the environment they read: OpenIddict resolves its options from the request's services. The
        // post-configuration runs after OpenIddict's own, registered above.
        services.AddScoped<IConfigureOptions<OpenIddictServerOptions>, ConfigureEnvironmentCredentials>();
        services.AddScoped<IPostConfigureOptions<OpenIddictServerOptions>, ConfigureEnvironmentCredentials>();
        services.AddScoped<IOptionsMonitor<OpenIddictServerOptions>, EnvironmentServerOptions>();
        return services;
    }

    /// <summary>
    /// Token exchange (RFC 8693) of this environment's access and ID tokens, for an access token. A refresh token is
    /// never a subject or actor: it is its client's alone and proves no one acting now.
    /// </summary>
    private static void AllowTokenExchange(OpenIddictServerBuilder server)
    {
        server.AllowTokenExchangeFlow();
        server.Configure(options =>
        {
            options.SubjectTokenTypes.Remove(TokenTypeIdentifiers.RefreshToken);
            options.ActorTokenTypes.Remove(TokenTypeIdentifiers.RefreshToken);
        });
        server.AddEventHandler(ValidateExchangedSubject.Descriptor)
            .AddEventHandler(ValidateExchangedScopes.Descriptor)
            .AddEventHandler(IssueExchangedPrincipal.Descriptor);
    }
}
