using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.AuthServer.FlowInstances;

namespace Flows.AuthServer.Tests.Management;

/// <summary>What the inspector hides: values under secret-looking names, and an authenticator key URI under any name.</summary>
public sealed class FlowInstanceSecretsTests
{
    private const string KeyUri = "otpauth://totp/Flows%20admin:root?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Flows%20admin";

    [Fact]
    public void An_enrollments_pending_key_is_hidden_by_its_name()
    {
        var variables = new Dictionary<string, JsonElement>
        {
            ["enrollOtp.pendingSecret"] = JsonSerializer.SerializeToElement(new { userId = "u-1", key = "JBSWY3DPEHPK3PXP" }),
            ["enrollOtp.failedAttempts"] = JsonSerializer.SerializeToElement(2),
        };

        var redacted = FlowInstanceSecrets.Redact(variables);

        Assert.Equal(FlowInstanceSecrets.Hidden, redacted["enrollOtp.pendingSecret"]);
        Assert.Equal("2", JsonSerializer.Serialize(redacted["enrollOtp.failedAttempts"]));
    }

    [Fact]
    public void A_key_uri_is_hidden_whatever_its_name_and_depth()
    {
        var variables = new Dictionary<string, JsonElement> { ["link"] = JsonSerializer.SerializeToElement(KeyUri) };
        var data = new JsonObject { ["setup"] = new JsonObject { ["href"] = KeyUri }, ["issuer"] = "Flows admin" };
        var claims = new Dictionary<string, string> { ["website"] = KeyUri };

        var texts = new[]
        {
            JsonSerializer.Serialize(FlowInstanceSecrets.Redact(variables)),
            JsonSerializer.Serialize(FlowInstanceSecrets.Redact(data)),
            JsonSerializer.Serialize(FlowInstanceSecrets.Redact(claims)),
        };

        Assert.All(texts, text => Assert.DoesNotContain("otpauth", text, StringComparison.OrdinalIgnoreCase));
        Assert.All(texts, text => Assert.Contains(FlowInstanceSecrets.Hidden, text, StringComparison.Ordinal));
        Assert.Contains("Flows admin", texts[1], StringComparison.Ordinal);
    }
}
