using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Tests.Management;
using Flows.Engine.Definitions;
using Flows.Engine.Runtime;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.IdentityProviders;

/// <summary>
/// The real server hosting both sides of a federated sign-in: <see cref="Upstream"/>, an environment whose application
/// <see cref="UpstreamClientId"/> has the downstream callback as redirect URI, and <see cref="Downstream"/>, whose
/// identity provider <see cref="ProviderId"/> is that environment (its issuer on this very server, over real HTTP).
/// </summary>
public sealed class FederatedServerFixture : ManagementServerFixture
{
    public const string Upstream = "upstream";
    public const string Downstream = "down";
    public const string ProviderId = "corporate";
    public const string UpstreamClientId = "downstream";
    public const string UpstreamClientSecret = "downstream-secret-for-tests-only";
    public const string UpstreamPassword = "upstream-password-for-tests";

    /// <summary>The downstream application whose flow creates users (the shipped flow).</summary>
    public const string CreatingClientId = "web";

    /// <summary>The downstream application whose flow signs in linked users only.</summary>
    public const string LinkingOnlyClientId = "web-no-jit";
    public const string ClientSecret = "down-web-secret-for-tests-only";
    public const string ClientRedirect = "https://app.test/callback";

    /// <summary>A local user of the downstream environment whose e-mail an upstream user has.</summary>
    public const string LocalCarol = "carol.local";
    public const string LocalCarolPassword = "carol-local-password";

    private const string ShippedFlow = "password-or-identity-provider";
    private const string LinkingOnlyFlow = "identity-provider-linked-only";

    /// <summary>Upstream users, one per test so tests never share an identity.</summary>
    public static readonly string[] UpstreamUsers = ["carol", "dave", "erin", "frank", "gina", "hank", "ivan", "judy", "kate", "liam"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ready;

    /// <summary>Imports both environments once, after the server listens (the callback's port is known only then).</summary>
    public async Task EnsureReadyAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (!_ready)
            {
                await ImportAsync();
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public string UpstreamIssuer => new Uri(BaseAddress, $"/{Upstream}/as").ToString();

    public string CallbackUrl => new Uri(BaseAddress, $"/{Downstream}/idp/{ProviderId}/callback").ToString();

    private async Task ImportAsync()
    {
        // A scope works in one environment: one per import.
        await using (var upstream = Services.CreateAsyncScope())
        {
            await upstream.ServiceProvider.GetRequiredService<EnvironmentImporter>().ImportAsync(UpstreamFile(), CancellationToken.None);
        }

        await using var scope = Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<EnvironmentImporter>();
        await importer.ImportAsync(new EnvironmentFile
        {
            Id = Downstream,
            Name = "Downstream",
            DefaultFlow = ShippedFlow,
            Applications =
            [
                Client(CreatingClientId),
                Client(LinkingOnlyClientId),
            ],
            Users = [new EnvironmentFileUser { Username = LocalCarol, Password = LocalCarolPassword, Email = "Carol@corp.test" }],
            IdentityProviders =
            [
                new EnvironmentFileIdentityProvider
                {
                    Id = ProviderId, Name = "Corporate", Issuer = UpstreamIssuer, ClientId = UpstreamClientId, ClientSecret = UpstreamClientSecret,
                    Scopes = ["profile", "email"], Domains = ["corp.test"],
                },
            ],
        }, CancellationToken.None);

        // The same shipped flow without creating users, for the applications that must not.
        var shipped = FlowDefinitionLoader.LoadDirectory(RepositoryPaths.Workflows).Single(definition => definition.Id == ShippedFlow);
        var linkingOnly = FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(shipped)
            .Replace($"\"{ShippedFlow}\"", $"\"{LinkingOnlyFlow}\"", StringComparison.Ordinal)
            .Replace("\"createUsers\":true", "\"createUsers\":false", StringComparison.Ordinal)
            .Replace("\"createUsers\": true", "\"createUsers\": false", StringComparison.Ordinal));
        Assert.DoesNotContain("\"createUsers\":true", FlowDefinitionSerializer.Serialize(linkingOnly).Replace(" ", "", StringComparison.Ordinal));
        await scope.ServiceProvider.GetRequiredService<FlowPublisher>().PublishAsync(Downstream, linkingOnly, "tests", CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        await db.Applications.Where(a => a.EnvironmentId == Downstream && a.ClientId == LinkingOnlyClientId)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.FlowId, LinkingOnlyFlow));
    }

    private EnvironmentFile UpstreamFile() => new()
    {
        Id = Upstream,
        Name = "Upstream",
        DefaultFlow = "username-password",
        Applications =
        [
            new EnvironmentFileApplication
            {
                ClientId = UpstreamClientId, ClientSecret = UpstreamClientSecret, Name = "Downstream", Type = "confidential",
                GrantTypes = ["authorization_code"], RedirectUris = [CallbackUrl], Scopes = ["openid", "profile", "email"],
            },
        ],
        Users = [.. UpstreamUsers.Select(name => new EnvironmentFileUser
        {
            Username = name, Password = UpstreamPassword, Email = $"{name}@corp.test", Name = $"{name} upstream",
        })],
    };

    private static EnvironmentFileApplication Client(string clientId) => new()
    {
        ClientId = clientId, ClientSecret = ClientSecret, Name = clientId, Type = "confidential",
        GrantTypes = ["authorization_code"], RedirectUris = [ClientRedirect], Scopes = ["openid", "profile", "email"],
    };
}
