using System.Security.Claims;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.IdentityProviders;
using Flows.AuthServer.Messaging;
using Flows.AuthServer.Outbound;
using Flows.AuthServer.Tests.Hosting;
using Flows.Designer.Services;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The designer's identity providers and outbound settings go through the same services as <c>/v1</c>: validated, the
/// secrets written protected and never read back, each change audited under the designer's path; a read-only
/// administrator changes nothing.
/// </summary>
public sealed class DesignerConnectionsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Environment = TestEnvironment.Other;

    [Fact]
    public async Task A_provider_saved_in_the_designer_is_stored_with_its_secret_protected_and_audited()
    {
        await using var circuit = server.Services.SignedInScope("designer-idp");
        var providers = circuit.ServiceProvider.GetRequiredService<IDesignerIdentityProviders>();
        var change = new DesignerIdentityProviderChange("designer-corp", "Corporate", "https://login.corp.test", "flows", "designer-typed-secret",
            ["email"], new Dictionary<string, string>(), ["corp.test"]);

        var created = await providers.SaveAsync(Environment, change, creating: true);
        var renamed = await providers.SaveAsync(Environment, change with { Name = "Corporate directory", ClientSecret = null }, creating: false);
        var listed = (await providers.ListAsync(Environment)).Single(p => p.Id == "designer-corp");

        Assert.Null(created);
        Assert.Null(renamed);
        Assert.Equal(("Corporate directory", true, $"/{Environment}/idp/designer-corp/callback"), (listed.Name, listed.HasClientSecret, listed.CallbackPath));
        Assert.Equal("designer-typed-secret", await StoredSecretAsync("designer-corp"));
        Assert.Equal([AuditActions.IdentityProviderCreated, AuditActions.IdentityProviderUpdated],
            (await AuditAsync("designer-idp")).Select(e => e.Action));
    }

    [Fact]
    public async Task An_invalid_provider_is_refused_with_the_services_words_and_nothing_is_stored()
    {
        await using var circuit = server.Services.SignedInScope("designer-invalid");
        var providers = circuit.ServiceProvider.GetRequiredService<IDesignerIdentityProviders>();

        var refused = await providers.SaveAsync(Environment, new DesignerIdentityProviderChange("designer-bad", "Bad", "ftp://nowhere", "flows", null,
            [], new Dictionary<string, string>(), []), creating: true);

        Assert.Contains("absolute https URL", refused);
        Assert.DoesNotContain(await providers.ListAsync(Environment), p => p.Id == "designer-bad");
    }

    [Fact]
    public async Task Outbound_settings_saved_in_the_designer_apply_and_a_generated_secret_is_the_one_stored()
    {
        await using var circuit = server.Services.SignedInScope("designer-outbound");
        var outbound = circuit.ServiceProvider.GetRequiredService<IDesignerOutbound>();

        var saved = await outbound.SaveAsync(Environment, ["risk.test"], ["10.0.0.0/8"]);
        var generated = await outbound.GenerateSecretAsync(Environment);
        var read = await outbound.GetAsync(Environment);

        Assert.Null(saved);
        Assert.Equal(["risk.test"], read!.AllowedHosts);
        Assert.Equal(["10.0.0.0/8"], read.AllowedPrivateAddresses);
        Assert.True(read.HasSecret);
        Assert.NotNull(generated.Secret);
        await using var scope = server.Services.CreateAsyncScope();
        var settings = await scope.ServiceProvider.GetRequiredService<OutboundSettingsReader>().ReadAsync(Environment, CancellationToken.None);
        Assert.Equal(generated.Secret, System.Text.Encoding.UTF8.GetString(settings.Secret!));
        Assert.Equal([AuditActions.OutboundUpdated, AuditActions.OutboundSecretRotated], (await AuditAsync("designer-outbound")).Select(e => e.Action));
    }

    [Fact]
    public async Task Email_settings_saved_in_the_designer_keep_the_password_protected_unless_a_new_one_is_typed_and_are_audited()
    {
        await using var circuit = server.Services.SignedInScope("designer-email");
        var email = circuit.ServiceProvider.GetRequiredService<IDesignerEmailSettings>();
        var change = new DesignerEmailSettingsChange("smtp.designer.test", 2525, "None", "mailer", "designer-smtp-password", "flows@designer.test", "Flows");

        var saved = await email.SaveAsync(Environment, change);
        var renamed = await email.SaveAsync(Environment, change with { FromName = "Flows sign-in", Password = null });
        var refused = await email.SaveAsync(Environment, change with { Host = "", Password = null });
        var read = await email.GetAsync(Environment);

        Assert.Null(saved);
        Assert.Null(renamed);
        Assert.NotNull(refused);
        Assert.Equal(("smtp.designer.test", 2525, "Flows sign-in", true), (read!.Host, read.Port, read.FromName, read.HasPassword));
        await using var scope = server.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().MessagingSettings.AsNoTracking()
            .SingleAsync(settings => settings.EnvironmentId == Environment);
        Assert.DoesNotContain("designer-smtp-password", stored.ProtectedSmtpPassword);
        Assert.Equal("designer-smtp-password", scope.ServiceProvider.GetRequiredService<MessagingSecretProtector>().Unprotect(stored.ProtectedSmtpPassword!));
        Assert.Equal([AuditActions.EmailSettingsUpdated, AuditActions.EmailSettingsUpdated], (await AuditAsync("designer-email")).Select(e => e.Action));
    }

    [Fact]
    public async Task The_designer_offers_the_smtp_securities_the_server_accepts_its_default_first()
    {
        await using var circuit = server.Services.SignedInScope("designer-securities");
        var email = circuit.ServiceProvider.GetRequiredService<IDesignerEmailSettings>();

        Assert.Equal(SmtpSecurity.All.Order(StringComparer.Ordinal), email.Securities.Select(security => security.Value).Order(StringComparer.Ordinal));
        Assert.Equal(new EmailSettingsResource().Security, email.Securities[0].Value);
        Assert.All(email.Securities, security => Assert.False(string.IsNullOrWhiteSpace(security.Label)));
    }

    [Fact]
    public async Task A_read_only_administrator_sees_them_but_changes_no_provider_and_generates_no_secret()
    {
        await using var circuit = server.Services.CreateAsyncScope();
        ((IHostEnvironmentAuthenticationStateProvider)circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim("sub", "designer-reader"), new Claim("role", ManagementScopes.Read)], "test")))));
        var providers = circuit.ServiceProvider.GetRequiredService<IDesignerIdentityProviders>();
        var outbound = circuit.ServiceProvider.GetRequiredService<IDesignerOutbound>();

        await providers.ListAsync(Environment);
        await outbound.GetAsync(Environment);
        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => providers.SaveAsync(Environment, new DesignerIdentityProviderChange(
            "reader-idp", "Reader", "https://login.corp.test", "flows", "secret", [], new Dictionary<string, string>(), []), creating: true));
        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => providers.DeleteAsync(Environment, "reader-idp"));
        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => outbound.SaveAsync(Environment, ["reader.test"], []));
        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => outbound.GenerateSecretAsync(Environment));
        var email = circuit.ServiceProvider.GetRequiredService<IDesignerEmailSettings>();
        await email.GetAsync(Environment);
        await Assert.ThrowsAsync<DesignerAccessDeniedException>(() => email.SaveAsync(Environment,
            new DesignerEmailSettingsChange("smtp.reader.test", 25, "None", null, null, "reader@reader.test", null)));

        Assert.DoesNotContain(await providers.ListAsync(Environment), p => p.Id == "reader-idp");
        Assert.Empty(await AuditAsync("designer-reader"));
    }

    private async Task<string> StoredSecretAsync(string id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().IdentityProviders.AsNoTracking()
            .SingleAsync(p => p.EnvironmentId == Environment && p.Id == id);
        Assert.DoesNotContain("designer-typed-secret", stored.ProtectedClientSecret);
        return scope.ServiceProvider.GetRequiredService<IdentityProviderSecrets>().Unprotect(stored.ProtectedClientSecret!);
    }

    private async Task<List<AuditEntryRecord>> AuditAsync(string actor)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Actor == actor).OrderBy(e => e.Id).ToListAsync();
    }
}
