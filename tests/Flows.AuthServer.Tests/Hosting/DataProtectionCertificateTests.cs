using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flows.AuthServer.Data;
using Flows.AuthServer.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// With <c>Flows:DataProtection:Certificate</c>, the Data Protection keys in the database are encrypted with the
/// certificate: a server with the same certificate reads what another protected, a server without it cannot.
/// </summary>
public sealed class DataProtectionCertificateTests : IAsyncLifetime
{
    private const string Purpose = "Flows.Tests.DataProtectionCertificate";

    private readonly string _directory = Directory.CreateTempSubdirectory("flows-dp-certificate-").FullName;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private string DatabasePath => Path.Combine(_directory, "flows.db");
    private string CertificatePath => Path.Combine(_directory, "data-protection.pfx");

    public Task InitializeAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Flows Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pfx, _password));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Keys_are_stored_encrypted_and_only_a_server_with_the_certificate_reads_what_another_protected()
    {
        string protectedPayload;
        IReadOnlyList<string> stored;
        await using (var first = await StartAsync(withCertificate: true))
        {
            protectedPayload = Protector(first).Protect("payload");
            await using var scope = first.Services.CreateAsyncScope();
            stored = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        }

        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });

        await using (var second = await StartAsync(withCertificate: true))
        {
            Assert.Equal("payload", Protector(second).Unprotect(protectedPayload));
        }

        await using var without = await StartAsync(withCertificate: false);
        Assert.ThrowsAny<CryptographicException>(() => Protector(without).Unprotect(protectedPayload));
    }

    private static IDataProtector Protector(ServerFixture server) =>
        server.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private async Task<ServerFixture> StartAsync(bool withCertificate)
    {
        var server = new CertificateServer(DatabasePath, withCertificate ? CertificatePath : null, _password) { KeepDatabase = true };
        await ((IAsyncLifetime)server).InitializeAsync();
        return server;
    }

    private sealed class CertificateServer(string databasePath, string? certificatePath, string password) : ServerFixture
    {
        protected override string DatabasePath => databasePath;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (certificatePath is not null)
            {
                builder.UseSetting($"{DataProtectionCertificateOptions.Section}:{nameof(DataProtectionCertificateOptions.Path)}", certificatePath);
                builder.UseSetting($"{DataProtectionCertificateOptions.Section}:{nameof(DataProtectionCertificateOptions.Password)}", password);
            }
        }
    }
}
