using System.Net;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Management;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.Management;

/// <summary>Who may call the user API: a token to read, the write scope to change; refused calls change nothing.</summary>
[Collection(ManagementCollection.Name)]
public sealed class UserApiAccessTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateRawClient());

    public static TheoryData<string, string> Writes => new()
    {
        { "POST", "" },
        { "PATCH", "/{id}" },
        { "DELETE", "/{id}" },
        { "PUT", "/{id}/password" },
        { "POST", "/{id}/unlock" },
        { "POST", "/{id}/mfaDevices/totp" },
        { "DELETE", "/{id}/mfaDevices/totp" },
    };

    public static TheoryData<string> Reads => new() { "", "/{id}", "/{id}/mfaDevices" };

    public static TheoryData<string, string> ReadsAsGets => new() { { "GET", "" }, { "GET", "/{id}" }, { "GET", "/{id}/mfaDevices" }, { "GET", "/{id}/mfaDevices/totp" } };

    [Theory]
    [MemberData(nameof(Writes))]
    [MemberData(nameof(ReadsAsGets))]
    public async Task Every_call_without_a_token_is_401(string method, string path)
    {
        var id = (await CreateAsync(_api, await _api.TokenAsync(), UniqueName("na"))).Text("id");

        var response = await _api.SendAsync(new HttpMethod(method), UsersPath + path.Replace("{id}", id), null, "{}");

        Assert.Equal((HttpStatusCode.Unauthorized, ManagementProblems.Unauthorized), (response.Status, response.Code));
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Every_change_with_a_read_only_token_is_403_and_changes_nothing(string method, string path)
    {
        var user = await CreateAsync(_api, await _api.TokenAsync(), UniqueName("ro"));
        var readOnly = await _api.TokenAsync(ManagementScopes.Read);

        var response = await _api.SendAsync(new HttpMethod(method), UsersPath + path.Replace("{id}", user.Text("id")), readOnly,
            """{ "username": "ro-created", "name": "Changed", "newPassword": "a-new-password-1" }""");
        var read = await _api.GetAsync(user.Location!.ToString(), readOnly);

        Assert.Equal((HttpStatusCode.Forbidden, ManagementProblems.InsufficientScope), (response.Status, response.Code));
        Assert.Equal(user.ETag, read.ETag);
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Every_read_works_with_a_read_only_token(string path)
    {
        var id = (await CreateAsync(_api, await _api.TokenAsync(), UniqueName("rd"))).Text("id");

        var response = await _api.GetAsync(UsersPath + path.Replace("{id}", id), await _api.TokenAsync(ManagementScopes.Read));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }
}
