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
/// Enrolling a phone number inside a sign-in, over real HTTP, through a real SMS gateway on 127.0.0.1: a number that is
/// not one refused with its field, the code read from the signed text, the number then stored as verified.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed partial class SmsEnrollmentFlowTests(MessagingServerFixture server) : IAsyncLifetime
{
    private const string GatewaySecret = "gateway-secret-for-the-sms-enrolment";
    private const string Phone = "+15557654321";

    private readonly HttpClient _http = server.CreateRawClient();
    private LocalService _gateway = null!;

    private ManagementApi Api => new(_http);

    public async Task InitializeAsync() => _gateway = await LocalService.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_code_from_the_text_enrols_the_typed_number_and_a_number_that_is_not_one_is_a_400_naming_the_phone_field()
    {
        var environment = await CreateAsync("smsenrol");
        using var browser = new Browser(server.BaseAddress);

        var (flowUrl, asked) = await environment.SignInWithPasswordAsync(browser);
        var (refusedStatus, refused) = await browser.ActAsync(flowUrl, FlowAnswers.SmsEnroll("555 1234"));
        var (_, sent) = await browser.ActAsync(flowUrl, FlowAnswers.SmsEnroll(Phone));
        var text = JsonNode.Parse(Assert.Single(_gateway.Calls).Body)!;
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(Code().Match(text["text"]!.GetValue<string>()).Value));
        var device = await Api.GetAsync($"{environment.Path}/users/{environment.Environment.UserId}/mfaDevices/sms", environment.Environment.Token);

        Assert.Equal(FlowStatuses.SmsEnrollmentRequired, asked["status"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.BadRequest, FlowErrorCodes.InvalidValue), (refusedStatus, refused["reason"]!.GetValue<string>()));
        Assert.Equal(ContactEnrollmentFields.Phone, refused["details"]![0]!["target"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.OtpRequired, sent["status"]!.GetValue<string>());
        Assert.Equal("+1•••21", sent["_embedded"]!["device"]!["target"]!.GetValue<string>());
        Assert.Equal(Phone, text["to"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
        Assert.Equal((Phone, true), (device.Body["phone"]!.GetValue<string>(), device.Body["verified"]!.GetValue<bool>()));
    }

    private async Task<CodeEnvironment> CreateAsync(string prefix)
    {
        _gateway.Secret = GatewaySecret;
        var environment = await CodeEnvironment.CreateAsync(Api, server, prefix, type: nameof(EnrollSms), outcomes: ["alreadyEnrolled", "tooManyAttempts"]);
        var token = environment.Environment.Token;
        var outbound = await Api.PutAsync($"{environment.Path}/outbound", token,
            new { allowedHosts = new[] { "127.0.0.1" }, allowedPrivateAddresses = new[] { "127.0.0.1" } });
        Assert.Equal(HttpStatusCode.OK, outbound.Status);
        var sms = await Api.PutAsync($"{environment.Path}/sms", token, new { url = _gateway.Url("/sms"), secret = GatewaySecret });
        Assert.True(sms.Status == HttpStatusCode.OK, sms.Body.ToJsonString());
        return environment;
    }

    [GeneratedRegex(@"\b[0-9]{6,8}\b")]
    private static partial Regex Code();
}
