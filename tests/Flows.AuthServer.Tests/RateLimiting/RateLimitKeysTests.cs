using System.Net;
using Flows.AuthServer.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Flows.AuthServer.Tests.RateLimiting;

/// <summary>What the limits count by: an IPv6 client by its /64, an IPv4 client however it connected, nothing readable.</summary>
public sealed class RateLimitKeysTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("192.0.2.7", "::ffff:192.0.2.7", true)]
    [InlineData("192.0.2.7", "192.0.2.8", false)]
    public void Addresses_share_a_key_only_within_one_host_s_range(string first, string second, bool shared)
    {
        Assert.Equal(shared, RateLimitKeys.Address(From(first)) == RateLimitKeys.Address(From(second)));
    }

    [Fact]
    public void A_bearer_token_is_kept_only_as_a_hash()
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Authorization = "Bearer secret-access-token";

        var key = RateLimitKeys.BearerToken(http.Request);

        Assert.NotNull(key);
        Assert.DoesNotContain("secret-access-token", key);
    }

    private static DefaultHttpContext From(string address) => new() { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };
}
