using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Messaging;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// A forgotten password over real HTTP, the code received by a real SMTP server and typed from it: the same answer for a
/// user and for no one, the new password set and signing in, wrong, expired and replayed codes, resends and their limit,
/// a password the policy refuses, every earlier session and refresh token ended, the lockout ended, no code kept anywhere
/// readable, and the hosted page without JavaScript.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed partial class PasswordRecoveryFlowTests(MessagingServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_known_and_an_unknown_username_get_the_same_status_and_body_and_only_the_user_gets_a_mail()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rcsame");
        using var first = new Browser(server.BaseAddress);
        using var second = new Browser(server.BaseAddress);

        var (knownUrl, knownStatus, known) = await environment.ForgetAsync(first, ManagedSignInEnvironment.Username);
        var (unknownUrl, unknownStatus, unknown) = await environment.ForgetAsync(second, "nobody-at-all");
        await environment.NewCodeAsync(server.Mail, []);

        Assert.Equal(HttpStatusCode.OK, knownStatus);
        Assert.Equal(knownStatus, unknownStatus);
        Assert.Equal(FlowStatuses.RecoveryCodeRequired, known["status"]!.GetValue<string>());
        Assert.Equal(Comparable(known, knownUrl, ManagedSignInEnvironment.Username), Comparable(unknown, unknownUrl, "nobody-at-all"));
        Assert.Single(server.Mail.To(environment.Address));
        Assert.DoesNotContain("managed.test", known.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_code_from_the_mail_sets_the_new_password_signs_in_and_the_old_password_stops_working()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rcok");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await environment.ForgetAsync(browser, ManagedSignInEnvironment.Username);
        var code = await environment.NewCodeAsync(server.Mail, []);

        var (status, recovered) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(code, RecoveryEnvironment.NewPassword));
        using var later = new Browser(server.BaseAddress);
        var tokens = await environment.SignInAsync(later, _http, RecoveryEnvironment.NewPassword);
        using var old = new Browser(server.BaseAddress);
        var oldUrl = environment.Environment.FlowUrlOf(await old.GetAsync(environment.Environment.Authorize(environment.ClientId)));
        var (_, refused) = await old.ActAsync(oldUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.Completed, recovered["status"]!.GetValue<string>());
        Assert.NotNull(tokens["access_token"]);
        Assert.Equal(FlowErrorCodes.InvalidCredentials, refused["error"]!["code"]!.GetValue<string>());
        var mail = Assert.Single(server.Mail.To(environment.Address));
        Assert.Contains("password recovery code", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_earlier_session_and_refresh_token_of_the_user_ends()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rcend");
        using var elsewhere = new Browser(server.BaseAddress);
        var before = await environment.SignInAsync(elsewhere, _http, ManagedSignInEnvironment.Password);
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await environment.ForgetAsync(browser, ManagedSignInEnvironment.Username);

        await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(await environment.NewCodeAsync(server.Mail, []), RecoveryEnvironment.NewPassword));
        var (refreshStatus, refreshed) = await TokenRequests.RefreshAsync(
            _http, before["refresh_token"]!.GetValue<string>(), environment.ClientId, environment.Secret, environment.Environment.Id);
        using var again = await elsewhere.GetAsync(environment.Environment.Authorize(environment.ClientId));

        Assert.Equal(HttpStatusCode.BadRequest, refreshStatus);
        Assert.Equal("invalid_grant", refreshed["error"]!.GetValue<string>());
        // No single sign-on on the old session: the sign-on page again.
        Assert.StartsWith($"/{environment.Environment.Id}/signon", again.Headers.Location!.ToString(), StringComparison.Ordinal);
        // Only the session that recovered the password is the user's now.
        Assert.Equal(1, await ActiveSessionsOfAsync(environment));
    }

    [Fact]
    public async Task A_locked_account_is_unlocked_by_the_recovery()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rclock");
        using var guesser = new Browser(server.BaseAddress);
        var guessUrl = environment.Environment.FlowUrlOf(await guesser.GetAsync(environment.Environment.Authorize(environment.ClientId)));
        // Wrong passwords until the account locks, whatever the server's limit.
        for (var guess = 0; guess < 20 && await LockoutEndAsync(environment) is null; guess++)
        {
            await guesser.ActAsync(guessUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, $"wrong-{guess}"));
        }

        Assert.NotNull(await LockoutEndAsync(environment));
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await environment.ForgetAsync(browser, ManagedSignInEnvironment.Username);
        await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(await environment.NewCodeAsync(server.Mail, []), RecoveryEnvironment.NewPassword));

        Assert.Null(await LockoutEndAsync(environment));
        using var later = new Browser(server.BaseAddress);
        Assert.NotNull((await environment.SignInAsync(later, _http, RecoveryEnvironment.NewPassword))["access_token"]);
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_step_with_an_error_and_an_expired_one_is_refused_as_expired()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rcwrong");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await environment.ForgetAsync(browser, ManagedSignInEnvironment.Username);
        var code = await environment.NewCodeAsync(server.Mail, []);

        var (_, wrong) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(code == "000000" ? "111111" : "000000", RecoveryEnvironment.NewPassword));
        await ExpireCodesAsync(environment);
        var (_, expired) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(code, RecoveryEnvironment.NewPassword));

        Assert.Equal(FlowStatuses.RecoveryCodeRequired, wrong["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.InvalidRecoveryCode, wrong["error"]!["code"]!.GetValue<string>());
        Assert.Equal(4, wrong["_embedded"]!["remainingAttempts"]!.GetValue<int>());
        Assert.Equal(FlowErrorCodes.ExpiredOtp, expired["error"]!["code"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.RecoveryCodeRequired, expired["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_used_code_does_not_work_twice()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rcreplay");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await environment.ForgetAsync(browser, ManagedSignInEnvironment.Username);
        var code = await environment.NewCodeAsync(server.Mail, []);
        await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(code, RecoveryEnvironment.NewPassword));

        using var other = new Browser(server.BaseAddress);
        var (otherUrl, _, _) = await environment.ForgetAsync(other, ManagedSignInEnvironment.Username);
        var (_, replayed) = await other.ActAsync(otherUrl, FlowAnswers.PasswordRecover(code, "yet-another-password-3"));

        Assert.Equal(FlowErrorCodes.InvalidRecoveryCode, replayed["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_resend_sends_a_new_code_the_old_one_stops_working_and_the_limit_holds()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rcresend",
            new JsonObject { ["resendIntervalSeconds"] = 0, ["maxResends"] = 1 });
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await environment.ForgetAsync(browser, ManagedSignInEnvironment.Username);
        var first = await environment.NewCodeAsync(server.Mail, []);

        var (resentStatus, resent) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordSendRecoveryCode());
        var second = await environment.NewCodeAsync(server.Mail, [first]);
        var (limitStatus, limit) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordSendRecoveryCode());
        var (_, old) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(first, RecoveryEnvironment.NewPassword));
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(second, RecoveryEnvironment.NewPassword));

        Assert.Equal(HttpStatusCode.OK, resentStatus);
        Assert.Equal(0, resent["_embedded"]!["remainingResends"]!.GetValue<int>());
        Assert.Equal((HttpStatusCode.BadRequest, FlowErrorCodes.ResendNotAllowed), (limitStatus, limit["reason"]!.GetValue<string>()));
        Assert.Equal(FlowErrorCodes.InvalidRecoveryCode, old["error"]!["code"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
        Assert.Equal(2, server.Mail.To(environment.Address).Count);
    }

    [Fact]
    public async Task A_password_the_policy_refuses_is_a_400_that_names_the_rule_and_leaves_the_flow_and_the_code_as_they_were()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rcweak");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, asked) = await environment.ForgetAsync(browser, ManagedSignInEnvironment.Username);
        var code = await environment.NewCodeAsync(server.Mail, []);

        var (status, problem) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(code, "short"));
        var (_, after) = await browser.GetFlowAsync(flowUrl);
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(code, RecoveryEnvironment.NewPassword));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(FlowErrorCodes.PasswordTooWeak, problem["reason"]!.GetValue<string>());
        Assert.Contains("at least", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(asked["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Neither_the_code_nor_the_new_password_reaches_the_log_or_the_instance_inspector()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rcsecret");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, _) = await environment.ForgetAsync(browser, ManagedSignInEnvironment.Username);
        var code = await environment.NewCodeAsync(server.Mail, []);
        await browser.ActAsync(flowUrl, FlowAnswers.PasswordRecover(code, RecoveryEnvironment.NewPassword));

        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        var inspected = await Api.GetAsync($"{environment.Path}/flowInstances/{flowId}", environment.Environment.Token);
        var audit = await Api.GetAsync($"/v1/environments/{environment.Environment.Id}/auditEntries?pageSize=100", environment.Environment.Token);

        Assert.Equal(HttpStatusCode.OK, inspected.Status);
        Assert.DoesNotContain(code, inspected.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(RecoveryEnvironment.NewPassword, inspected.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("recover", inspected.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(code, server.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(RecoveryEnvironment.NewPassword, server.Logs.Text, StringComparison.Ordinal);
        Assert.Contains("user.password.recovered", audit.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosted_pages_offer_forgot_password_and_take_the_code_and_new_password_without_javascript()
    {
        var environment = await RecoveryEnvironment.CreateAsync(Api, server, "rcpage");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.Environment.FlowUrlOf(await browser.GetAsync(environment.Environment.Authorize(environment.ClientId)));
        var page = flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal);

        using var signIn = await browser.GetAsync(page);
        var signInHtml = await signIn.Content.ReadAsStringAsync();
        // The "Forgot password?" button posts the same form to its own handler (formaction), username and all.
        var forgotForm = HostedPageForm.Read(signInHtml) with { Action = System.Net.WebUtility.HtmlDecode(FormActionPattern().Match(signInHtml).Groups[1].Value) };
        using var forgot = await forgotForm.SubmitAsync(browser, new Dictionary<string, string> { [UsernamePasswordFields.Username] = ManagedSignInEnvironment.Username });
        using var recovery = await browser.GetAsync(forgot.Headers.Location!.ToString());
        var recoveryHtml = await recovery.Content.ReadAsStringAsync();
        var recoverForm = HostedPageForm.Read(recoveryHtml);
        using var recovered = await recoverForm.SubmitAsync(browser, new Dictionary<string, string>
        {
            [PasswordRecoveryFields.RecoveryCode] = await environment.NewCodeAsync(server.Mail, []),
            [PasswordRecoveryFields.NewPassword] = RecoveryEnvironment.NewPassword,
        });

        Assert.Contains("Forgot password?", signInHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, forgot.StatusCode);
        Assert.Contains("Reset your password", recoveryHtml, StringComparison.Ordinal);
        Assert.Contains("Send a new code", recoveryHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", recoveryHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([PasswordRecoveryFields.RecoveryCode, PasswordRecoveryFields.NewPassword], recoverForm.Fields);
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Contains("/as/resume", recovered.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The answer with what must differ between two flows taken out: their ids, the username, and the times.</summary>
    private static string Comparable(JsonObject flow, string flowUrl, string username)
    {
        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        var copy = flow.DeepClone().AsObject();
        copy.Remove("expiresAt");
        copy["_embedded"]?.AsObject().Remove(PasswordRecoveryFields.ResendAllowedAt);
        return copy.ToJsonString().Replace(flowId, "{flowId}", StringComparison.Ordinal).Replace(username, "{username}", StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex("formaction=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex FormActionPattern();

    private async Task ExpireCodesAsync(RecoveryEnvironment environment)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        await db.SentCodes.Where(c => c.EnvironmentId == environment.Environment.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
    }

    private async Task<DateTimeOffset?> LockoutEndAsync(RecoveryEnvironment environment)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var end = await db.Users.Where(u => u.Id == environment.Environment.UserId).Select(u => u.LockoutEnd).SingleAsync();
        return end > DateTimeOffset.UtcNow ? end : null;
    }

    private async Task<int> ActiveSessionsOfAsync(RecoveryEnvironment environment)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        return await db.Sessions.CountAsync(s => s.EnvironmentId == environment.Environment.Id && s.UserId == environment.Environment.UserId && s.EndedAt == null);
    }
}
