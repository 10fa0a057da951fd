using Flows.AuthServer.Users;

namespace Flows.AuthServer.Tests.Users;

/// <summary>Base32 TOTP keys and the enrollment URI authenticator apps scan.</summary>
public sealed class TotpKeysTests
{
    [Fact]
    public void Decoding_ignores_case_spaces_and_padding()
    {
        Assert.True(TotpKeys.TryDecode("jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp", out var spaced));
        Assert.True(TotpKeys.TryDecode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP====", out var padded));

        Assert.Equal(spaced, padded);
        Assert.Equal(20, spaced.Length);
    }

    [Fact]
    public void A_generated_key_is_160_bits_and_survives_base32()
    {
        var key = TotpKeys.Generate();

        Assert.True(TotpKeys.TryDecode(TotpKeys.Encode(key), out var decoded));
        Assert.Equal(TotpKeys.GeneratedBytes, key.Length);
        Assert.Equal(key, decoded);
    }

    [Fact]
    public void The_enrollment_uri_names_issuer_and_account()
    {
        var uri = TotpKeys.EnrollmentUri("Flows Demo", "alice", "ABC234");

        Assert.Equal("otpauth://totp/Flows%20Demo:alice?secret=ABC234&issuer=Flows%20Demo&algorithm=SHA1&digits=6&period=30", uri);
    }
}
