using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Messaging;

/// <summary>
/// Enrolling an e-mail address inside a sign-in, over real HTTP, the code read from the mail a real SMTP server got: the
/// address asked for, one that is not an address refused with its field and the flow unchanged, right, wrong and expired
/// codes, the resend limit, and the hosted pages without JavaScript.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class EmailEnrollmentFlowTests(MessagingServerFixture server)
{
    private static readonly string[] Outcomes = ["alreadyEnrolled", "tooManyAttempts"];

    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_code_sent_to_the_typed_address_enrols_it_as_verified_and_signs_in_with_otp_email_and_mfa()
    {
        var environment = await EnrollingAsync("enrolok");
        using var browser = new Browser(server.BaseAddress);

        var (flowUrl, asked) = await environment.SignInWithPasswordAsync(browser);
        var (_, sent) = await browser.ActAsync(flowUrl, FlowAnswers.EmailEnroll($" {environment.Address} "));
        var (status, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(await environment.NewCodeAsync(server.Mail, [])));

        Assert.Equal(FlowStatuses.EmailEnrollmentRequired, asked["status"]!.GetValue<string>());
        Assert.NotNull(asked["_links"]![FlowActions.EmailEnroll]);
        Assert.Equal(FlowStatuses.OtpRequired, sent["status"]!.GetValue<string>());
        Assert.Equal("e•••@managed.test", sent["_embedded"]!["device"]!["target"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, FlowStatuses.Completed), (status, completed["status"]!.GetValue<string>()));
        Assert.Equal(["email", "mfa", "otp", "pwd"], (await AmrOfFlowAsync(environment, flowUrl)).Order(StringComparer.Ordinal));
        var device = await DeviceAsync(environment);
        Assert.True(device["verified"]!.GetValue<bool>());
        Assert.Equal(environment.Address, device["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_address_that_is_not_one_is_a_400_naming_the_email_field_and_the_flow_is_unchanged()
    {
        var environment = await EnrollingAsync("enrolbad");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, asked) = await environment.SignInWithPasswordAsync(browser);

        var (status, problem) = await browser.ActAsync(flowUrl, FlowAnswers.EmailEnroll("not an address"));
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(FlowErrorCodes.InvalidValue, problem["reason"]!.GetValue<string>());
        var detail = Assert.Single(problem["details"]!.AsArray());
        Assert.Equal(ContactEnrollmentFields.Email, detail!["target"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.EmailEnrollmentRequired, after["status"]!.GetValue<string>());
        Assert.Equal(asked["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
        Assert.Null(after["error"]);
        Assert.Empty(server.Mail.To(environment.Address));
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_step_with_an_error_and_stores_no_verified_address()
    {
        var environment = await EnrollingAsync("enrolwrong");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        await browser.ActAsync(flowUrl, FlowAnswers.EmailEnroll(environment.Address));
        var code = await environment.NewCodeAsync(server.Mail, []);

        var (_, wrong) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code == "000000" ? "111111" : "000000"));

        Assert.Equal(FlowStatuses.OtpRequired, wrong["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.InvalidOtp, wrong["error"]!["code"]!.GetValue<string>());
        Assert.False((await DeviceAsync(environment))["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_expired_code_is_refused_as_expired_and_stores_no_verified_address()
    {
        var environment = await EnrollingAsync("enrolold");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        await browser.ActAsync(flowUrl, FlowAnswers.EmailEnroll(environment.Address));
        var code = await environment.NewCodeAsync(server.Mail, []);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            await db.SentCodes.Where(c => c.EnvironmentId == environment.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        var (_, refused) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code));

        Assert.Equal(FlowErrorCodes.ExpiredOtp, refused["error"]!["code"]!.GetValue<string>());
        Assert.False((await DeviceAsync(environment))["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_resend_past_the_limit_is_a_400_and_leaves_the_flow_as_it_was()
    {
        var environment = await EnrollingAsync("enrollimit", new JsonObject { ["maxResends"] = 0, ["resendIntervalSeconds"] = 0 });
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        var (_, sent) = await browser.ActAsync(flowUrl, FlowAnswers.EmailEnroll(environment.Address));
        var code = await environment.NewCodeAsync(server.Mail, []);

        var (status, problem) = await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var (_, after) = await browser.GetFlowAsync(flowUrl);
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code));

        Assert.Equal((HttpStatusCode.BadRequest, FlowErrorCodes.ResendNotAllowed), (status, problem["reason"]!.GetValue<string>()));
        Assert.Equal(sent["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
        Assert.Single(server.Mail.To(environment.Address));
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_with_a_verified_address_already_follows_alreadyEnrolled_and_gets_no_mail()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "enroldone", type: nameof(EnrollEmail), outcomes: Outcomes);
        using var browser = new Browser(server.BaseAddress);

        var (_, ended) = await environment.SignInWithPasswordAsync(browser);

        Assert.Equal(CodeEnvironment.DenialOf("alreadyEnrolled"), ended["error"]!["code"]!.GetValue<string>());
        Assert.Empty(server.Mail.To(environment.Address));
    }

    [Fact]
    public async Task The_hosted_pages_take_the_address_and_the_code_without_javascript_and_show_a_wrong_address_as_a_400()
    {
        var environment = await EnrollingAsync("enrolpage");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        var page = flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal);

        var addressHtml = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        var addressForm = HostedPageForm.Read(addressHtml);
        using var refused = await addressForm.SubmitAsync(browser, new Dictionary<string, string> { [ContactEnrollmentFields.Email] = "nope" });
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        using var accepted = await HostedPageForm.Read(refusedHtml).SubmitAsync(browser, new Dictionary<string, string> { [ContactEnrollmentFields.Email] = environment.Address });
        var codeHtml = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        using var signedIn = await HostedPageForm.Read(codeHtml).SubmitAsync(browser, new Dictionary<string, string>
        {
            [OtpFields.Code] = await environment.NewCodeAsync(server.Mail, []),
        });

        Assert.Contains("Add an e-mail address", addressHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", addressHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([ContactEnrollmentFields.Email], addressForm.Fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Enter an e-mail address", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("We sent a code to e•••@managed.test", WebUtility.HtmlDecode(codeHtml), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("/as/resume", signedIn.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>An environment whose code step enrols an e-mail address; erin's address is set, unverified, by an administrator.</summary>
    private Task<CodeEnvironment> EnrollingAsync(string prefix, JsonObject? properties = null) =>
        CodeEnvironment.CreateAsync(Api, server, prefix, properties, verified: false, type: nameof(EnrollEmail), outcomes: Outcomes);

    private async Task<JsonObject> DeviceAsync(CodeEnvironment environment)
    {
        var device = await Api.GetAsync($"{environment.Path}/users/{environment.Environment.UserId}/mfaDevices/email", environment.Environment.Token);
        Assert.True(device.Status == HttpStatusCode.OK, device.Body.ToJsonString());
        return device.Body;
    }

    private async Task<IReadOnlyList<string>> AmrOfFlowAsync(CodeEnvironment environment, string flowUrl)
    {
        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        var inspected = await Api.GetAsync($"{environment.Path}/flowInstances/{flowId}", environment.Environment.Token);
        Assert.True(inspected.Status == HttpStatusCode.OK, inspected.Body.ToJsonString());
        return inspected.Body["context"]!["amr"]!.AsArray().Select(value => value!.GetValue<string>()).ToList();
    }
}
