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
/// A full run with a code sent by e-mail — a send that signs in to the SMTP server, resends without a login, the
/// code typed — logged at Trace level by every category: neither the codes nor the SMTP password are in the log, the
/// flow's journal and inspection, the environment's export, or the database row that keeps the code.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class SentCodeSecrecyTests(MessagingServerFixture server)
{
    private const string SmtpPassword = "smtp-password-Kx7p-never-logged";

    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task No_code_or_smtp_password_appears_in_the_log_journal_export_or_database()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "mailsecret", new JsonObject { ["resendIntervalSeconds"] = 0 });
        var settings = $"{environment.Path}/email";

        // The first code goes out with a login, so the password is read and sent to the mail server.
        var withLogin = await Api.PutAsync(settings, environment.Environment.Token, new
        {
            host = "127.0.0.1", port = server.Mail.Port, security = "None", username = "flows", password = SmtpPassword,
            fromAddress = CodeEnvironment.FromAddress,
        });
        Assert.Equal(HttpStatusCode.OK, withLogin.Status);
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, asked) = await environment.SignInWithPasswordAsync(browser);
        Assert.Equal(FlowStatuses.OtpRequired, asked["status"]!.GetValue<string>());

        var withoutLogin = await Api.PutAsync(settings, environment.Environment.Token, new
        {
            host = "127.0.0.1", port = server.Mail.Port, security = "None", fromAddress = CodeEnvironment.FromAddress,
        });
        Assert.True(withoutLogin.Body["hasPassword"]!.GetValue<bool>());
        var codes = asked["error"] is null ? new List<string> { await environment.NewCodeAsync(server.Mail, []) } : [];
        await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var first = await environment.NewCodeAsync(server.Mail, codes);
        codes.Add(first);
        await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var second = await environment.NewCodeAsync(server.Mail, codes);
        codes.Add(second);
        await browser.ActAsync(flowUrl, FlowAnswers.Otp(first));
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(second));
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());

        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        var inspected = await Api.GetAsync($"{environment.Path}/flowInstances/{flowId}", environment.Environment.Token);
        var exported = await Api.GetAsync($"{environment.Path}/export", environment.Environment.Token);
        Assert.Equal(HttpStatusCode.OK, inspected.Status);
        Assert.NotEmpty(inspected.Body["journal"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, exported.Status);
        var log = server.Logs.Text;
        Assert.Contains(environment.Id, log, StringComparison.Ordinal);
        var stored = await StoredCodeRowsAsync(environment.Id);


        foreach (var secret in codes.Append(SmtpPassword))
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, inspected.Body.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, exported.Body.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task No_code_of_an_email_enrolment_appears_in_the_log_journal_or_database_nor_the_typed_address_in_the_log()
    {
        var environment = await CodeEnvironment.CreateAsync(Api, server, "enrolsecret", new JsonObject { ["resendIntervalSeconds"] = 0 },
            verified: false, type: nameof(EnrollEmail), outcomes: ["alreadyEnrolled", "tooManyAttempts"]);
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, asked) = await environment.SignInWithPasswordAsync(browser);
        Assert.Equal(FlowStatuses.EmailEnrollmentRequired, asked["status"]!.GetValue<string>());

        await browser.ActAsync(flowUrl, FlowAnswers.EmailEnroll(environment.Address));
        var first = await environment.NewCodeAsync(server.Mail, []);
        await browser.ActAsync(flowUrl, FlowAnswers.OtpResend());
        var second = await environment.NewCodeAsync(server.Mail, [first]);
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(second));
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());

        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        var inspected = await Api.GetAsync($"{environment.Path}/flowInstances/{flowId}", environment.Environment.Token);
        Assert.Equal(HttpStatusCode.OK, inspected.Status);
        Assert.Contains(inspected.Body["journal"]!.AsArray(), entry => entry!["activityType"]?.GetValue<string>() == nameof(EnrollEmail));
        var log = server.Logs.Text;
        var stored = await StoredCodeRowsAsync(environment.Id);
        foreach (var code in new[] { first, second })
        {
            Assert.DoesNotContain(code, log, StringComparison.Ordinal);
            Assert.DoesNotContain(code, inspected.Body.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(code, stored, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(environment.Address, log, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every column of the environment's sent-code rows and messaging settings, as text.</summary>
    private async Task<string> StoredCodeRowsAsync(string environmentId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var codes = await db.SentCodes.AsNoTracking().Where(c => c.EnvironmentId == environmentId).ToListAsync();
        var settings = await db.MessagingSettings.AsNoTracking().Where(s => s.EnvironmentId == environmentId).ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(new { codes, settings });
    }
}
