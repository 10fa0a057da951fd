using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Messaging;

/// <summary>
/// A sign-in with a code sent by e-mail, over real HTTP, the mail received by a real SMTP server and the code typed from
/// it: right, wrong, expired and replayed codes, resends and their limits, no device, a mail server that is down, and the
/// hosted page without JavaScript.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class EmailCodeFlowTests(MessagingServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_code_from_the_mail_signs_the_user_in_with_otp_email_and_mfa()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailok");
        using var browser = new Browser(server.BaseAddress);

        var (flowUrl, asked) = await environment.SignInWithPasswordAsync(browser);
        var code = await environment.NewCodeAsync(server.Mail, []);
        var mail = Assert.Single(server.Mail.To(environment.Address));
        var (status, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code));

        Assert.Equal(FlowStatuses.OtpRequired, asked["status"]!.GetValue<string>());
        Assert.Equal("e•••@managed.test", asked["_embedded"]!["device"]!["target"]!.GetValue<string>());
        Assert.Equal(CodeEnvironment.FromAddress, mail.From.Mailboxes.Single().Address);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
        var amr = await AmrOfFlowAsync(environment, flowUrl);
        Assert.Equal(["email", "mfa", "otp", "pwd"], amr.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_step_with_an_error_and_the_right_one_still_works()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailwrong");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        var code = await environment.NewCodeAsync(server.Mail, []);

        var (_, wrong) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code == "000000" ? "111111" : "000000"));
        var (_, right) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code));

        Assert.Equal(FlowStatuses.OtpRequired, wrong["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.InvalidOtp, wrong["error"]!["code"]!.GetValue<string>());
        Assert.Equal(4, wrong["_embedded"]!["remainingAttempts"]!.GetValue<int>());
        Assert.Equal(FlowStatuses.Completed, right["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_codes_up_to_the_limit_end_the_flow_on_tooManyAttempts()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailmany", new JsonObject { ["maxAttempts"] = 2 });
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        var wrong = await environment.NewCodeAsync(server.Mail, []) == "000000" ? "111111" : "000000";

        await browser.ActAsync(flowUrl, FlowAnswers.Otp(wrong));
        var (_, ended) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(wrong));

        Assert.Equal(FlowStatuses.Failed, ended["status"]!.GetValue<string>());
        Assert.Equal(CodeEnvironment.DenialOf("tooManyAttempts"), ended["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_code_is_refused_as_expired()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailold");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        var code = await environment.NewCodeAsync(server.Mail, []);

        // The code's time runs out: as if its lifetime had passed.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            await db.SentCodes.Where(c => c.EnvironmentId == environment.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        var (_, refused) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code));

        Assert.Equal(FlowStatuses.OtpRequired, refused["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.ExpiredOtp, refused["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_used_code_does_not_sign_in_another_flow()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailreplay");
        using var first = new Browser(server.BaseAddress);
        var (firstUrl, _) = await environment.SignInWithPasswordAsync(first);
        var used = await environment.NewCodeAsync(server.Mail, []);
        var (_, completed) = await first.ActAsync(firstUrl, FlowAnswers.Otp(used));
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());

        using var second = new Browser(server.BaseAddress);
        var (secondUrl, _) = await environment.SignInWithPasswordAsync(second);
        var (_, replayed) = await second.ActAsync(secondUrl, FlowAnswers.Otp(used));

        Assert.NotEqual(used, await environment.NewCodeAsync(server.Mail, [used]));
        Assert.Equal(FlowErrorCodes.InvalidOtp, replayed["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_resend_too_soon_is_refused_and_leaves_the_flow_as_it_was()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailsoon", new JsonObject { ["resendIntervalSeconds"] = 300 });
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, asked) = await environment.SignInWithPasswordAsync(browser);

        var (status, problem) = await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(FlowErrorCodes.ResendNotAllowed, problem["reason"]!.GetValue<string>());
        Assert.Equal(asked["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
        Assert.Single(server.Mail.To(environment.Address));
    }

    [Fact]
    public async Task A_resend_sends_a_new_code_the_old_one_stops_working_and_the_limit_holds()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailresend",
            new JsonObject { ["resendIntervalSeconds"] = 0, ["maxResends"] = 1 });
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        var first = await environment.NewCodeAsync(server.Mail, []);

        var (resentStatus, resent) = await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var second = await environment.NewCodeAsync(server.Mail, [first]);
        var (limitStatus, limit) = await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var (_, old) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(first));
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(second));

        Assert.Equal(HttpStatusCode.OK, resentStatus);
        Assert.Equal(0, resent["_embedded"]!["remainingResends"]!.GetValue<int>());
        Assert.Equal(2, server.Mail.To(environment.Address).Count);
        Assert.Equal((HttpStatusCode.BadRequest, FlowErrorCodes.ResendNotAllowed), (limitStatus, limit["reason"]!.GetValue<string>()));
        Assert.Equal(FlowErrorCodes.InvalidOtp, old["error"]!["code"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_user_without_a_verified_email_device_follows_noDevice_and_gets_no_mail(bool removeDevice)
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailnone", verified: removeDevice);
        if (removeDevice)
        {
            var removed = await Api.DeleteAsync($"{environment.Path}/users/{environment.Environment.UserId}/mfaDevices/email", environment.Environment.Token);
            Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        }

        using var browser = new Browser(server.BaseAddress);
        var (_, ended) = await environment.SignInWithPasswordAsync(browser);

        Assert.Equal(FlowStatuses.Failed, ended["status"]!.GetValue<string>());
        Assert.Equal(CodeEnvironment.DenialOf("noDevice"), ended["error"]!["code"]!.GetValue<string>());
        Assert.Empty(server.Mail.To(environment.Address));
    }

    [Fact]
    public async Task A_mail_server_that_is_down_is_a_clear_error_that_tells_nothing_of_it_and_leaves_the_flow_unchanged()
    {
        var downPort = MailCatcher.FreePort();
        var environment = await CodeEnvironment.CreateAsync(Api, server, "maildown", new JsonObject { ["resendIntervalSeconds"] = 0 }, smtpPort: downPort);
        using var browser = new Browser(server.BaseAddress);

        var (flowUrl, asked) = await environment.SignInWithPasswordAsync(browser);
        var (resendStatus, problem) = await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(FlowStatuses.OtpRequired, asked["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.CodeNotSent, asked["error"]!["code"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.BadRequest, FlowErrorCodes.CodeNotSent), (resendStatus, problem["reason"]!.GetValue<string>()));
        Assert.Equal(asked["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
        Assert.Equal(0, await environment.StoredCodesAsync(server)); // a code that did not go out is not kept
        foreach (var answer in new[] { asked.ToJsonString(), problem.ToJsonString() })
        {
            Assert.DoesNotContain($":{downPort}", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("Connection", answer, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Socket", answer, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Exception", answer, StringComparison.Ordinal);
        }

        // Once the administrator fixes the settings, every node forgets the old ones: the next resend goes out.
        var fixedSettings = await Api.PutAsync($"{environment.Path}/email", environment.Environment.Token, new
        {
            host = "127.0.0.1", port = server.Mail.Port, security = "None", fromAddress = CodeEnvironment.FromAddress,
        });
        Assert.Equal(HttpStatusCode.OK, fixedSettings.Status);
        var (_, resent) = await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(await environment.NewCodeAsync(server.Mail, [])));
        Assert.Null(resent["error"]);
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_resend_that_cannot_go_out_leaves_the_code_sent_before_working()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailkeep", new JsonObject { ["resendIntervalSeconds"] = 0 });
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        var code = await environment.NewCodeAsync(server.Mail, []);

        var broken = await Api.PutAsync($"{environment.Path}/email", environment.Environment.Token, new
        {
            host = "127.0.0.1", port = MailCatcher.FreePort(), security = "None", fromAddress = CodeEnvironment.FromAddress,
        });
        var (resendStatus, _) = await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code));

        Assert.Equal(HttpStatusCode.OK, broken.Status);
        Assert.Equal(HttpStatusCode.BadRequest, resendStatus);
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_hosted_page_says_where_the_code_went_and_takes_it_without_javascript()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailpage");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await environment.SignInWithPasswordAsync(browser);
        var page = flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal);

        using var shown = await browser.GetAsync(page);
        var html = await shown.Content.ReadAsStringAsync();
        var form = HostedPageForm.Read(html);
        using var posted = await form.SubmitAsync(browser, new Dictionary<string, string> { [OtpFields.Code] = await environment.NewCodeAsync(server.Mail, []) });

        Assert.Contains("We sent a code to e•••@managed.test", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Send a new code", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([OtpFields.Code], form.Fields);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("/as/resume", posted.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The amr the flow recorded, as the instance inspector shows it.</summary>
    private async Task<IReadOnlyList<string>> AmrOfFlowAsync(CodeEnvironment environment, string flowUrl)
    {
        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        var inspected = await Api.GetAsync($"{environment.Path}/flowInstances/{flowId}", environment.Environment.Token);
        Assert.True(inspected.Status == HttpStatusCode.OK, inspected.Body.ToJsonString());
        return inspected.Body["context"]!["amr"]!.AsArray().Select(value => value!.GetValue<string>()).ToList();
    }
}
