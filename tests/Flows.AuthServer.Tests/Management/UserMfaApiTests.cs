using System.Net;
using System.Net.Http.Headers;
using Flows.Activities.Users;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.Management;

/// <summary>/v1/environments/{env}/users/{id}/mfaDevices: list, enroll a TOTP app (key shown once, with QR code), remove it.</summary>
[Collection(ManagementCollection.Name)]
public sealed class UserMfaApiTests(ManagementServerFixture server)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task A_user_without_a_device_lists_none()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("nd"));

        var devices = await _api.GetAsync($"{user.Location}/mfaDevices", token);

        Assert.Equal(HttpStatusCode.OK, devices.Status);
        Assert.Empty(devices.Body["items"]!.AsArray());
    }

    [Fact]
    public async Task Enrolling_answers_201_with_the_key_an_otpauth_uri_and_a_png_qr_code_shown_only_then()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("en");
        var user = await CreateAsync(_api, token, username);

        var enrolled = await _api.PostAsync($"{user.Location}/mfaDevices/totp", token, new { });
        var devices = await _api.GetAsync($"{user.Location}/mfaDevices", token);
        var read = await _api.GetAsync(user.Location!.ToString(), token);

        Assert.Equal(HttpStatusCode.Created, enrolled.Status);
        Assert.Equal($"{user.Location}/mfaDevices/totp", enrolled.Location!.ToString());
        Assert.Equal(("totp", "TOTP"), (enrolled.Text("id"), enrolled.Text("type")));
        var secret = enrolled.Text("secret");
        Assert.Equal(20, Base32Encoding.ToBytes(secret).Length);

        var uri = new Uri(enrolled.Text("otpauthUri"));
        var query = QueryHelpers.ParseQuery(uri.Query);
        Assert.Equal(("otpauth", "totp"), (uri.Scheme, uri.Host));
        Assert.Equal($"/Flows%20Test:{username}", uri.AbsolutePath);
        Assert.Equal((secret, "Flows Test"), (query["secret"].ToString(), query["issuer"].ToString()));
        Assert.Equal(("SHA1", "6", "30"), (query["algorithm"].ToString(), query["digits"].ToString(), query["period"].ToString()));

        var qrCode = enrolled.Text("qrCode");
        Assert.StartsWith("data:image/png;base64,", qrCode);
        var png = Convert.FromBase64String(qrCode["data:image/png;base64,".Length..]);
        Assert.Equal(PngSignature, png[..PngSignature.Length]);

        var device = Assert.Single(devices.Body["items"]!.AsArray())!;
        Assert.Equal(("totp", "TOTP"), (device["id"]!.GetValue<string>(), device["type"]!.GetValue<string>()));
        var located = await _api.GetAsync(enrolled.Location.ToString(), token);
        Assert.Equal(device.ToJsonString(), located.Body.ToJsonString());
        Assert.Equal(enrolled.Body["createdAt"]!.GetValue<DateTimeOffset>(), device["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.All([devices, read], answer => Assert.DoesNotContain(secret, answer.Body.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_enrollment_answer_may_not_be_cached()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("nc"));
        using var http = server.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{user.Location}/mfaDevices/totp");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_enrolled_key_is_the_one_sign_in_checks_codes_against()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("so");
        var user = await CreateAsync(_api, token, username);

        var secret = (await _api.PostAsync($"{user.Location}/mfaDevices/totp", token, new { })).Text("secret");
        using var browser = new Browser(server.BaseAddress);
        var redirect = await SignIn.RunAsync(
            browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()), username, PasswordOf(username), totpSecret: secret);

        Assert.Contains("code", SignIn.Parameters(redirect).Keys);
        using var scope = server.Services.CreateScope();
        var directory = scope.ServiceProvider.GetRequiredService<IUserDirectory>();
        Assert.Equal(Base32Encoding.ToBytes(secret), await directory.GetTotpSecretAsync(Id, user.Text("id"), CancellationToken.None));
        Assert.True((await directory.FindByIdAsync(Id, user.Text("id"), CancellationToken.None))!.HasOtpDevice);
    }

    [Fact]
    public async Task Enrolling_a_second_device_is_409_and_keeps_the_first_key()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("tw"));
        var first = await _api.PostAsync($"{user.Location}/mfaDevices/totp", token, new { });

        var second = await _api.PostAsync($"{user.Location}/mfaDevices/totp", token, new { });

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (second.Status, second.Code));
        using var scope = server.Services.CreateScope();
        var key = await scope.ServiceProvider.GetRequiredService<IUserDirectory>().GetTotpSecretAsync(Id, user.Text("id"), CancellationToken.None);
        Assert.Equal(Base32Encoding.ToBytes(first.Text("secret")), key);
    }

    [Fact]
    public async Task Deleting_the_device_answers_204_lists_none_and_a_second_delete_is_404()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("dd"));
        await _api.PostAsync($"{user.Location}/mfaDevices/totp", token, new { });

        var deleted = await _api.DeleteAsync($"{user.Location}/mfaDevices/totp", token);
        var devices = await _api.GetAsync($"{user.Location}/mfaDevices", token);
        var again = await _api.DeleteAsync($"{user.Location}/mfaDevices/totp", token);
        var read = await _api.GetAsync($"{user.Location}/mfaDevices/totp", token);
        var reenrolled = await _api.PostAsync($"{user.Location}/mfaDevices/totp", token, new { });

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Empty(devices.Body["items"]!.AsArray());
        Assert.All([again, read], response => Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code)));
        Assert.Equal(HttpStatusCode.Created, reenrolled.Status);
    }

    [Fact]
    public async Task An_imported_device_is_listed()
    {
        var token = await _api.TokenAsync();
        var alice = (await _api.GetAsync($"{UsersPath}?username={Alice}&exact=true", token)).Body["items"]![0]!["id"]!.GetValue<string>();

        var devices = await _api.GetAsync($"{UsersPath}/{alice}/mfaDevices", token);

        var device = Assert.Single(devices.Body["items"]!.AsArray())!;
        Assert.Equal("totp", device["id"]!.GetValue<string>());
        Assert.DoesNotContain(AliceTotpSecret, devices.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/mfaDevices")]
    [InlineData("GET", "/mfaDevices/totp")]
    [InlineData("POST", "/mfaDevices/totp")]
    [InlineData("DELETE", "/mfaDevices/totp")]
    public async Task The_devices_of_an_unknown_user_or_environment_are_404(string method, string path)
    {
        var token = await _api.TokenAsync();

        var unknownUser = await _api.SendAsync(new HttpMethod(method), $"{UsersPath}/no-such-user{path}", token);
        var unknownEnvironment = await _api.SendAsync(new HttpMethod(method), $"/v1/environments/no-such-env/users/no-such-user{path}", token);

        Assert.All([unknownUser, unknownEnvironment], response =>
            Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code)));
    }
}
