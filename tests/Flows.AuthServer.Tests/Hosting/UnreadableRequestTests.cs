using System.Text;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Management;
using Flows.Fuzz;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The classes of request that once answered 500 — form bodies the form reader refuses, a Content-Type header repeated,
/// listing several types, unparseable or naming a charset nothing decodes, a chunked body with bad framing, a NUL in a
/// parameter (which PostgreSQL cannot store or even compare) — replayed
/// over raw HTTP against every endpoint that reads a request: each is a 400 in the endpoint's own shape (OAuth error,
/// flow-API problem, page), logged once at warning level, never as an unhandled exception.
/// </summary>
[Collection(RobustReadingCollection.Name)]
public sealed class UnreadableRequestTests(RobustReadingServer server)
{
    private const string Form = "application/x-www-form-urlencoded";

    private enum Shape
    {
        OAuth,
        Problem,
        Page,
    }

    private sealed record Endpoint(string Method, string Target, string ContentType, string Body, Shape Shape, bool AdminToken = false);

    private static readonly Dictionary<string, Endpoint> Endpoints = new()
    {
        ["token"] = new("POST", "/test/as/token", Form, "grant_type=client_credentials&client_id=service&client_secret=service-secret-for-tests-only", Shape.OAuth),
        ["introspect"] = new("POST", "/test/as/introspect", Form, "token=x&client_id=web&client_secret=web-secret-for-tests-only", Shape.OAuth),
        ["revoke"] = new("POST", "/test/as/revoke", Form, "token=x&client_id=web&client_secret=web-secret-for-tests-only", Shape.OAuth),
        ["userinfo POST"] = new("POST", "/test/as/userinfo", Form, "access_token=x", Shape.OAuth),
        ["authorize GET"] = new("GET", "/test/as/authorize?response_type=code&client_id=web&redirect_uri=https%3A%2F%2Fapp.test%2Fcallback&scope=openid&state=s", Form, "state=s", Shape.Page),
        ["authorize POST"] = new("POST", "/test/as/authorize", Form, "response_type=code&client_id=web&redirect_uri=https%3A%2F%2Fapp.test%2Fcallback&scope=openid&state=s", Shape.Page),
        ["resume"] = new("GET", "/test/as/resume?flowId=unknown", Form, "state=s", Shape.Page),
        ["signoff GET"] = new("GET", "/test/as/signoff?state=s", Form, "state=s", Shape.Page),
        ["signoff POST"] = new("POST", "/test/as/signoff", Form, "confirm=yes", Shape.Page),
        ["flow API POST"] = new("POST", "/test/flows/unknown", "application/vnd.pingidentity.usernamePassword.check+json", """{"username":"bob","password":"x"}""", Shape.Problem),
        ["sign-on page POST"] = new("POST", "/test/signon?flowId=unknown&handler=UsernamePassword", Form, "username=bob&password=x", Shape.Page),
        ["/v1 POST"] = new("POST", "/v1/environments", "application/json", """{"id":"never-created","name":"Never"}""", Shape.Problem, AdminToken: true),
    };

    /// <summary>Each class as what it sends to an endpoint, given that endpoint's own content type and body.</summary>
    private static readonly Dictionary<string, Func<Endpoint, Unreadable>> Classes = new()
    {
        ["more than 1,024 form fields"] = _ => new([Form], string.Join('&', Enumerable.Range(0, 1_100).Select(i => $"f{i}=1"))),
        ["a form key over 2,048 bytes"] = _ => new([Form], $"{new string('k', 3_000)}=1"),
        ["an escaped NUL in a form key"] = _ => new([Form], "a%00b=1&client_id=web"),
        ["an escaped NUL in a form value"] = _ => new([Form], "client_id=a%00b&grant_type=client_credentials"),
        ["a raw NUL byte in the form"] = _ => new([Form], "client_id=a\0b&grant_type=client_credentials"),
        ["an escaped NUL in the query"] = endpoint => new([endpoint.ContentType], endpoint.Body, Query: "client_id=a%00b"),
        ["an escaped NUL in a JSON string"] = endpoint => new([endpoint.ContentType == Form ? "application/json" : endpoint.ContentType], """{"username":"bob\u0000","password":"x"}"""),
        ["the Content-Type header repeated"] = endpoint => new([endpoint.ContentType, endpoint.ContentType], endpoint.Body),
        ["a Content-Type listing several types"] = endpoint => new([$"{endpoint.ContentType}, text/plain"], endpoint.Body),
        ["a Content-Type that does not parse"] = endpoint => new([$"{endpoint.ContentType};;"], endpoint.Body),
        ["a charset nothing decodes"] = endpoint => new([$"{endpoint.ContentType}; charset=utf-7"], endpoint.Body),
        ["an unterminated quoted charset"] = endpoint => new([$"{endpoint.ContentType}; charset=\""], endpoint.Body),
        ["a body in chunks with bad framing"] = endpoint => new([endpoint.ContentType], $"5\r\n{endpoint.Body[..5]}\r\nzz\r\n\r\n", Chunked: true),
    };

    private sealed record Unreadable(string[] ContentTypes, string Body, bool Chunked = false, string? Query = null);

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints.Keys)
        {
            foreach (var unreadable in Classes.Keys)
            {
                cases.Add(endpoint, unreadable);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_unreadable_request_is_a_400_in_the_shape_of_the_endpoint_logged_once_as_a_warning(string endpointName, string unreadable)
    {
        var endpoint = Endpoints[endpointName];
        var (contentTypes, body, chunked, query) = Classes[unreadable](endpoint);
        var headers = contentTypes.Select(type => KeyValuePair.Create("Content-Type", type)).ToList();
        var target = query is null ? endpoint.Target : $"{endpoint.Target}{(endpoint.Target.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{query}";
        if (chunked)
        {
            headers.Add(KeyValuePair.Create("Transfer-Encoding", "chunked"));
        }

        if (endpoint.AdminToken)
        {
            headers.Add(KeyValuePair.Create("Authorization", $"Bearer {await AdminTokenAsync()}"));
        }

        var logged = server.Logs.Entries.Count;

        var response = await RawHttp.SendAsync(server.FuzzTarget.EndPoint, new RawRequest(endpoint.Method, target, headers, Ascii(body)), TimeSpan.FromSeconds(30));

        Assert.NotNull(response);
        Assert.Equal(400, response.Status);
        AssertShape(endpoint.Shape, response);
        Assert.DoesNotContain("Exception", response.Text, StringComparison.Ordinal);
        var path = endpoint.Target.Split('?')[0];
        var entries = server.Logs.Entries.Skip(logged).Where(entry => entry.Level >= LogLevel.Warning && entry.Message.Contains(path, StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
    }

    private static void AssertShape(Shape shape, RawResponse response)
    {
        var contentType = response.Header("Content-Type") ?? "";
        switch (shape)
        {
            case Shape.OAuth:
                Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
                var error = JsonNode.Parse(response.Text)!;
                Assert.Equal("invalid_request", error["error"]!.GetValue<string>());
                Assert.False(string.IsNullOrEmpty(error["error_description"]?.GetValue<string>()));
                break;
            case Shape.Problem:
                Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
                var problem = JsonNode.Parse(response.Text)!;
                Assert.Equal(("INVALID_REQUEST", 400), (problem["code"]!.GetValue<string>(), problem["status"]!.GetValue<int>()));
                break;
            default:
                Assert.StartsWith("text/html", contentType, StringComparison.Ordinal);
                Assert.Contains("This request could not be read", response.Text, StringComparison.Ordinal);
                break;
        }
    }

    private async Task<string> AdminTokenAsync()
    {
        var credentials = Convert.ToBase64String(Encoding.ASCII.GetBytes($"flows-admin:{ManagementServerFixture.AdminClientSecret}"));
        var response = await RawHttp.SendAsync(server.FuzzTarget.EndPoint, new RawRequest("POST", "/admin/as/token",
            [KeyValuePair.Create("Content-Type", Form), KeyValuePair.Create("Authorization", $"Basic {credentials}")],
            Ascii("grant_type=client_credentials")), TimeSpan.FromSeconds(30));
        return JsonNode.Parse(response!.Text)!["access_token"]!.GetValue<string>();
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
