using Flows.AuthServer.Applications;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Tests.Applications;

/// <summary>An application's grants become exactly the endpoints, response types and scopes they need.</summary>
public sealed class ApplicationPermissionsTests
{
    [Fact]
    public void A_public_code_client_gets_pkce_the_code_response_type_and_no_introspection()
    {
        var descriptor = Describe(ClientTypes.Public, [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken], [Scopes.OpenId, Scopes.Email]);

        Assert.Contains(Requirements.Features.ProofKeyForCodeExchange, descriptor.Requirements);
        Assert.Equal(
            new[]
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.PushedAuthorization, Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Email,
            }.Order(),
            descriptor.Permissions.Order());
    }

    [Fact]
    public void Code_and_implicit_together_allow_the_hybrid_response_types()
    {
        var descriptor = Describe(ClientTypes.Confidential, [GrantTypes.AuthorizationCode, GrantTypes.Implicit], [Scopes.OpenId]);

        Assert.Superset(
            new HashSet<string>
            {
                Permissions.ResponseTypes.Code, Permissions.ResponseTypes.IdToken, Permissions.ResponseTypes.Token,
                Permissions.ResponseTypes.IdTokenToken, Permissions.ResponseTypes.CodeIdToken,
                Permissions.ResponseTypes.CodeToken, Permissions.ResponseTypes.CodeIdTokenToken,
                Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation,
            },
            descriptor.Permissions);
        Assert.Empty(descriptor.Requirements);
    }

    [Fact]
    public void A_client_credentials_client_gets_the_token_endpoint_and_no_browser_endpoints()
    {
        var descriptor = Describe(ClientTypes.Confidential, [GrantTypes.ClientCredentials], []);

        Assert.Equal(
            new[]
            {
                Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.ClientCredentials,
            }.Order(),
            descriptor.Permissions.Order());
    }

    [Fact]
    public void Requiring_pushed_requests_becomes_openiddicts_requirement_and_is_not_there_otherwise()
    {
        var entry = new EnvironmentFileApplication
        {
            ClientId = "pushed", Type = ClientTypes.Confidential, GrantTypes = [GrantTypes.AuthorizationCode], Scopes = [Scopes.OpenId],
        };
        var required = new OpenIddictApplicationDescriptor();
        var optional = new OpenIddictApplicationDescriptor();

        ApplicationPermissions.Apply(required, entry with { RequirePushedAuthorizationRequests = true });
        ApplicationPermissions.Apply(optional, entry);

        Assert.Contains(Requirements.Features.PushedAuthorizationRequests, required.Requirements);
        Assert.DoesNotContain(Requirements.Features.PushedAuthorizationRequests, optional.Requirements);
        Assert.Contains(Permissions.Endpoints.PushedAuthorization, optional.Permissions);
    }

    private static OpenIddictApplicationDescriptor Describe(string clientType, string[] grantTypes, string[] scopes)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        ApplicationPermissions.Apply(descriptor, clientType, grantTypes, scopes);
        return descriptor;
    }
}
