using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Outbound;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Messaging;

/// <summary>
/// A sign-in with a code sent by SMS through a real gateway on 127.0.0.1: the request is signed with the gateway's
/// secret, the code is read from the text and typed; a gateway the outbound allow-list does not name is never called.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed partial class SmsCodeFlowTests(MessagingServerFixture server) : IAsyncLifetime
{
    private const string GatewaySecret = "gateway-secret-for-the-sms-tests";
    private const string Phone = "+15551234567";

    private readonly HttpClient _http = server.CreateRawClient();
    private LocalService _gateway = null!;

    private ManagementApi Api => new(_http);

    public async Task InitializeAsync() => _gateway = await LocalService.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_code_from_the_signed_text_signs_the_user_in_with_otp_and_sms()
    {
        var environment = await CreateAsync("smsok", allowGateway: true);
        using var browser = new Browser(server.BaseAddress);

        var (flowUrl, asked) = await environment.SignInWithPasswordAsync(browser);
        var call = Assert.Single(_gateway.Calls);
        var text = JsonNode.Parse(call.Body)!;
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(Code().Match(text["text"]!.GetValue<string>()).Value));

        Assert.Equal("+1•••67", asked["_embedded"]!["device"]!["target"]!.GetValue<string>());
        Assert.True(call.SignatureVerified, call.Signature);
        Assert.Equal(Phone, text["to"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_gateway_the_allow_list_does_not_name_is_never_called()
    {
        var environment = await CreateAsync("smsrefused", allowGateway: false);
        using var browser = new Browser(server.BaseAddress);

        var (_, asked) = await environment.SignInWithPasswordAsync(browser);

        Assert.Equal(FlowErrorCodes.CodeNotSent, asked["error"]!["code"]!.GetValue<string>());
        Assert.Empty(_gateway.Calls);
    }

    private async Task<CodeEnvironment> CreateAsync(string prefix, bool allowGateway)
    {
        _gateway.Secret = GatewaySecret;
        var environment = await CodeEnvironment.CreateAsync(Api, server, prefix, type: "AskForSmsCode");
        var token = environment.Environment.Token;
        var outbound = await Api.PutAsync($"{environment.Path}/outbound", token, allowGateway
            ? new { allowedHosts = new[] { "127.0.0.1" }, allowedPrivateAddresses = new[] { "127.0.0.1" } }
            : new { allowedHosts = new[] { "sms.example.com" }, allowedPrivateAddresses = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, outbound.Status);
        var sms = await Api.PutAsync($"{environment.Path}/sms", token, new { url = _gateway.Url("/sms"), secret = GatewaySecret });
        Assert.True(sms.Status == HttpStatusCode.OK, sms.Body.ToJsonString());
        var device = await Api.PutAsync($"{environment.Path}/users/{environment.Environment.UserId}/mfaDevices/sms", token, new { phone = Phone, verified = true });
        Assert.Equal(HttpStatusCode.OK, device.Status);
        return environment;
    }

    [GeneratedRegex(@"\b[0-9]{6,8}\b")]
    private static partial Regex Code();
}
