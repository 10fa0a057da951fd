using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// An error whose description is not ASCII — as any handler's may be, quoting what a request sent — still answers its
/// 401 with a <c>WWW-Authenticate</c> header Kestrel can write (RFC 6749 §5.2's characters), not a 500.
/// </summary>
public sealed class NonAsciiChallengeTests(NonAsciiChallengeTests.Fixture server) : IClassFixture<NonAsciiChallengeTests.Fixture>
{
    public const string Description = "Ungültiges Token für „Zugriff“ — bitte erneut anmelden";

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task A_userinfo_error_described_outside_ascii_is_a_401_with_an_ascii_challenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/as/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "any-token");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.Contains("Ung?ltiges Token f?r", challenge);
        Assert.True(challenge.All(c => c < 128), challenge);
    }

    [Fact]
    public async Task An_invalid_client_described_outside_ascii_is_a_401_with_an_ascii_challenge_and_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test/as/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.ServiceClientId}:{TestEnvironment.ServiceSecret}")));

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic error=\"invalid_client\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Ung?ltiges Token", body);
    }

    /// <summary>The real server with a handler that refuses userinfo and the token endpoint with <see cref="Description"/>.</summary>
    public sealed class Fixture : ServerFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddOpenIddict().AddServer(options => options
                .AddEventHandler<ValidateUserInfoRequestContext>(handler => handler
                    .UseInlineHandler(context =>
                    {
                        context.Reject(Errors.InvalidToken, Description);
                        return default;
                    })
                    .SetOrder(int.MinValue))
                .AddEventHandler<ValidateTokenRequestContext>(handler => handler
                    .UseInlineHandler(context =>
                    {
                        context.Reject(Errors.InvalidClient, Description);
                        return default;
                    })
                    .SetOrder(OpenIddictServerHandlers.Exchange.ValidateAuthentication.Descriptor.Order + 1))));
        }
    }
}
