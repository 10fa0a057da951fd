using System.Net;
using System.Text;
using Flows.AuthServer.Tests.Hosting;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>Garbage at every endpoint is a client error, never a server error.</summary>
[Collection(ServerCollection.Name)]
public sealed class MalformedInputTests(ServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    public static TheoryData<string, string, string?> Requests() => new()
    {
        { "GET", "/test/as/authorize", null },
        { "GET", "/test/as/authorize?response_type=code&client_id=web&redirect_uri=%ZZ", null },
        { "GET", "/test/as/authorize?client_id=" + new string('x', 5000), null },
        { "GET", "/test/as/authorize?response_type=code&response_type=token&client_id=web", null },
        { "GET", "/test/as/resume", null },
        { "GET", "/test/as/resume?flowId=%00%01", null },
        { "POST", "/test/as/token", "grant_type=authorization_code&code=garbage&redirect_uri=x&client_id=web&client_secret=web-secret-for-tests-only" },
        { "POST", "/test/as/token", "grant_type=password&username=a&password=b" },
        { "POST", "/test/as/token", "%%%%" },
        { "POST", "/test/as/token", "" },
        { "POST", "/test/as/token", "grant_type=refresh_token&refresh_token=" + new string('r', 10_000) },
        { "GET", "/test/as/userinfo", null },
        { "POST", "/test/as/introspect", "token=x" },
        { "POST", "/test/as/revoke", "token=x&client_id=web" },
        { "GET", "/test/as/signoff?id_token_hint=garbage", null },
        { "GET", "/test/flows/%2e%2e", null },
        { "POST", "/test/flows/abc", "{}" },
        { "GET", "/test/signon?flowId=nope", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Garbage_is_a_client_error(string method, string path, string? form)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (form is not null)
        {
            request.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        using var response = await _http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 300, 499);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync());
    }
}
