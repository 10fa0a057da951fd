using System.Security.Cryptography.X509Certificates;

namespace Flows.AuthServer.Hosting;

/// <summary>
/// The certificate (a PFX file and its password, <c>Flows:DataProtection:Certificate</c>) that encrypts the Data
/// Protection keys stored in the database. Without one they are stored as plain XML, and ASP.NET Core warns at start-up.
/// </summary>
public sealed class DataProtectionCertificateOptions
{
    public const string Section = "Flows:DataProtection:Certificate";

    /// <summary>The PKCS#12 (PFX) file, with its private key: every node that shares the database needs the same one.</summary>
    public string? Path { get; set; }

    /// <summary>The PFX file's password; from an environment variable or a secret store, never a committed file.</summary>
    public string? Password { get; set; }

    /// <summary>The configured certificate, or null when none is; a file that cannot be read stops the start.</summary>
    public X509Certificate2? Load()
    {
        if (string.IsNullOrEmpty(Path))
        {
            return null;
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path, Password);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{Section}:Path names a certificate without its private key; a PFX with the key is needed.");
        }

        return certificate;
    }
}
