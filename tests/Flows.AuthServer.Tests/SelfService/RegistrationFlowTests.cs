using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.Activities;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Messaging;
using Flows.AuthServer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// Registration with e-mail verification on the shipped customer-sign-in flow, over real HTTP, the code read from the
/// mail a real SMTP server received: the account stays disabled until verified; right, wrong and expired codes; the
/// resend limit; refused values (400, per field, nothing stored); taken usernames and addresses answered as new ones;
/// and the hosted pages.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed partial class RegistrationFlowTests(MessagingServerFixture server) : IDisposable
{
    private const string Flow = "customer-sign-in";
    private const string NewPassword = "a-new-password-9";

    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_code_from_the_mail_verifies_the_address_enables_the_account_and_the_flow_signs_the_new_user_in()
    {
        var (environment, clientId) = await SetUpAsync("regok");
        using var browser = new Browser(server.BaseAddress);
        var address = Address(environment, "nina");

        var (flowUrl, form) = await ToRegistrationAsync(browser, environment, clientId);
        var (registeredStatus, verification) = await RegisterAsync(browser, flowUrl, "nina", address);
        var pending = await UserAsync(environment, "nina");
        var code = await CodeAsync(address);
        var (_, terms) = await browser.ActAsync(flowUrl, FlowActions.UserVerify, new { verificationCode = code });
        await browser.ActAsync(flowUrl, FlowActions.UserConsent, new { accept = true });
        var (_, done) = await browser.ActAsync(flowUrl, FlowActions.UserUpdate, new { attributes = new { given_name = "Nina", family_name = "Meier" } });
        var user = await UserAsync(environment, "nina");
        var device = await EmailDeviceAsync(environment, user!.Id);

        Assert.Equal(FlowStatuses.RegistrationRequired, form["status"]!.GetValue<string>());
        Assert.Equal(8, form["_embedded"]!["passwordPolicy"]!["minLength"]!.GetValue<int>());
        Assert.NotNull(form["_links"]![FlowActions.UserRegister]);
        Assert.Equal(HttpStatusCode.OK, registeredStatus);
        Assert.Equal(FlowStatuses.VerificationCodeRequired, verification["status"]!.GetValue<string>());
        Assert.NotNull(verification["_links"]![FlowActions.UserVerify]);
        Assert.NotNull(verification["_links"]![FlowActions.UserSendVerificationCode]);
        Assert.False(pending!.Enabled);
        Assert.Equal(FlowStatuses.AgreementConsentRequired, terms["status"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, done["status"]!.GetValue<string>());
        Assert.True(user.Enabled);
        Assert.True(device!.Verified);
        Assert.Equal(address, device.Address);
        Assert.Equal("Meier", user.Attributes["family_name"]);
        Assert.DoesNotContain(code, await JournalAndStateAsync(flowUrl), StringComparison.Ordinal);
        Assert.True(await AuditedAsync(environment, user.Id, "user.created"));
        Assert.True(await AuditedAsync(environment, user.Id, "user.email.verified"));
    }

    [Fact]
    public async Task An_account_not_yet_verified_cannot_sign_in_with_its_password()
    {
        var (environment, clientId) = await SetUpAsync("regunverified");
        using (var registering = new Browser(server.BaseAddress))
        {
            var (flowUrl, _) = await ToRegistrationAsync(registering, environment, clientId);
            await RegisterAsync(registering, flowUrl, "otto", Address(environment, "otto"));
        }

        using var browser = new Browser(server.BaseAddress);
        var signIn = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        await browser.ActAsync(signIn, FlowActions.UserLookup, new { username = "otto" });
        var (_, refused) = await browser.ActAsync(signIn, FlowActions.UsernamePasswordCheck, new { password = NewPassword });

        Assert.Equal(FlowStatuses.Failed, refused["status"]!.GetValue<string>());
        Assert.Equal("ACCOUNT_DISABLED", refused["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_administrator_sees_since_when_a_registration_waits_for_verification_and_nothing_once_verified()
    {
        var (environment, clientId) = await SetUpAsync("regpending");
        using var browser = new Browser(server.BaseAddress);
        var address = Address(environment, "vera");
        var (flowUrl, _) = await ToRegistrationAsync(browser, environment, clientId);
        await RegisterAsync(browser, flowUrl, "vera", address);
        var id = (await UserAsync(environment, "vera"))!.Id;
        var path = $"/v1/environments/{environment.Id}/users/{id}";

        var pending = await Api.GetAsync(path, environment.Token);
        await browser.ActAsync(flowUrl, FlowActions.UserVerify, new { verificationCode = await CodeAsync(address) });
        var verified = await Api.GetAsync(path, environment.Token);
        var administrators = await Api.GetAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}", environment.Token);

        Assert.Equal(HttpStatusCode.OK, pending.Status);
        Assert.False(pending.Body["enabled"]!.GetValue<bool>());
        var since = pending.Body["unverifiedSince"]!.GetValue<DateTimeOffset>();
        Assert.InRange(since, pending.Body["createdAt"]!.GetValue<DateTimeOffset>().AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.True(verified.Body["enabled"]!.GetValue<bool>());
        Assert.Null(verified.Body["unverifiedSince"]);
        Assert.True(administrators.Body.ContainsKey("unverifiedSince"));
        Assert.Null(administrators.Body["unverifiedSince"]);
    }

    [Fact]
    public async Task Refused_values_answer_400_with_each_field_leave_the_flow_unchanged_and_store_nothing()
    {
        var (environment, clientId) = await SetUpAsync("reginvalid");
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await ToRegistrationAsync(browser, environment, clientId);
        var (_, before) = await browser.GetFlowAsync(flowUrl);

        var (status, problem) = await browser.ActAsync(flowUrl, FlowActions.UserRegister,
            new { username = "paul", email = "not-an-address", password = "short" });
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(FlowErrorCodes.InvalidValue, problem["reason"]!.GetValue<string>());
        Assert.Equal(["email", "password"], problem["details"]!.AsArray().Select(d => d!["target"]!.GetValue<string>()).Order());
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Null(await UserAsync(environment, "paul"));
    }

    [Fact]
    public async Task A_taken_username_or_address_gets_the_answer_of_a_new_registration_and_only_the_mail_tells()
    {
        var (environment, clientId) = await SetUpAsync("regtaken");
        var fresh = await RegisterInNewBrowserAsync(environment, clientId, "quinn", Address(environment, "quinn"));
        var takenUsername = await RegisterInNewBrowserAsync(environment, clientId, ManagedSignInEnvironment.Username, Address(environment, "other"));
        var takenAddress = await RegisterInNewBrowserAsync(environment, clientId, "rita", "erin@managed.test");

        Assert.All([fresh, takenUsername, takenAddress], answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(FlowStatuses.VerificationCodeRequired, answer.Body["status"]!.GetValue<string>());
            Assert.Equal(Shape(fresh.Body), Shape(answer.Body));
        });
        Assert.Null(await UserAsync(environment, "rita"));
        Assert.Single(await UsersAsync(environment, ManagedSignInEnvironment.Username));
        var toOther = await MailAsync(Address(environment, "other"));
        var toOwner = (await MailAsync("erin@managed.test", "regtaken")).TextBody;
        Assert.Contains("is not available", toOther.TextBody, StringComparison.Ordinal);
        Assert.DoesNotMatch(CodePattern(), toOther.TextBody);
        Assert.Contains("already has one", toOwner, StringComparison.Ordinal);
        Assert.DoesNotMatch(CodePattern(), toOwner);

        // No code is right for a taken one: a guess is answered as a wrong code.
        var (_, guessed) = await takenAddress.Browser.ActAsync(takenAddress.FlowUrl, FlowActions.UserVerify, new { verificationCode = "123456" });
        Assert.Equal(FlowErrorCodes.InvalidOtp, guessed["error"]!["code"]!.GetValue<string>());
        Assert.Equal(4, guessed["_embedded"]!["remainingAttempts"]!.GetValue<int>());
        foreach (var answer in new[] { fresh, takenUsername, takenAddress })
        {
            answer.Browser.Dispose();
        }
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_step_and_an_expired_one_is_refused_as_expired()
    {
        var (environment, clientId) = await SetUpAsync("regwrong");
        using var browser = new Browser(server.BaseAddress);
        var address = Address(environment, "sam");
        var (flowUrl, _) = await ToRegistrationAsync(browser, environment, clientId);
        await RegisterAsync(browser, flowUrl, "sam", address);
        var code = await CodeAsync(address);

        var (_, wrong) = await browser.ActAsync(flowUrl, FlowActions.UserVerify, new { verificationCode = code == "000000" ? "111111" : "000000" });
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ServerDbContext>().SentCodes.Where(c => c.EnvironmentId == environment.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        var (_, expired) = await browser.ActAsync(flowUrl, FlowActions.UserVerify, new { verificationCode = code });

        Assert.Equal(FlowStatuses.VerificationCodeRequired, wrong["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.InvalidOtp, wrong["error"]!["code"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.ExpiredOtp, expired["error"]!["code"]!.GetValue<string>());
        Assert.False((await UserAsync(environment, "sam"))!.Enabled);
    }

    [Fact]
    public async Task A_resend_too_soon_is_refused_and_leaves_the_flow_as_it_was()
    {
        var (environment, clientId) = await SetUpAsync("regresend");
        using var browser = new Browser(server.BaseAddress);
        var address = Address(environment, "tara");
        var (flowUrl, _) = await ToRegistrationAsync(browser, environment, clientId);
        var (_, asked) = await RegisterAsync(browser, flowUrl, "tara", address);
        await CodeAsync(address);

        var (status, problem) = await browser.ActAsync(flowUrl, FlowActions.UserSendVerificationCode, new { });
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(FlowErrorCodes.ResendNotAllowed, problem["reason"]!.GetValue<string>());
        Assert.Equal(asked["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
        Assert.Single(server.Mail.To(address));
    }

    [Fact]
    public async Task The_hosted_pages_offer_registration_show_the_policy_and_verify_with_the_code()
    {
        var (environment, clientId) = await SetUpAsync("reghosted");
        using var browser = new Browser(server.BaseAddress);
        var address = Address(environment, "uma");
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var signOn = flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal);

        var identifierPage = await (await browser.GetAsync(signOn)).Content.ReadAsStringAsync();
        var start = RegistrationStartPattern().Match(identifierPage);
        Assert.True(start.Success, "The identifier page offers no registration.");
        using var _1 = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(start.Groups["action"].Value))
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(start.Groups["token"].Value))]),
        });
        var registrationPage = await (await browser.GetAsync(signOn)).Content.ReadAsStringAsync();
        var registration = HostedPageForm.Read(registrationPage);
        using var refused = await registration.SubmitAsync(browser, new Dictionary<string, string>
        {
            [RegistrationFields.Username] = "uma", [RegistrationFields.Email] = address, [RegistrationFields.Password] = "uma",
        });
        var refusedPage = await refused.Content.ReadAsStringAsync();
        using var _2 = await registration.SubmitAsync(browser, new Dictionary<string, string>
        {
            [RegistrationFields.Username] = "uma", [RegistrationFields.Email] = address, [RegistrationFields.Password] = NewPassword,
        });
        var verification = await HostedPageForm.OpenAsync(browser, signOn);
        using var _3 = await verification.SubmitAsync(browser, new Dictionary<string, string> { [VerificationFields.VerificationCode] = await CodeAsync(address) });
        var (_, flow) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal([RegistrationFields.Username, RegistrationFields.Email, RegistrationFields.Password], registration.Fields);
        Assert.Contains("At least 8 characters, and not your username.", registrationPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("value=\"uma\"", refusedPage, StringComparison.Ordinal);
        Assert.Contains("Password must be at least 8 characters long.", refusedPage, StringComparison.Ordinal);
        Assert.Equal([VerificationFields.VerificationCode], verification.Fields);
        Assert.Equal(FlowStatuses.AgreementConsentRequired, flow["status"]!.GetValue<string>());
    }

    public void Dispose() => _http.Dispose();

    private static string Address(ManagedSignInEnvironment environment, string name) => $"{name}-{environment.Id}@register.test";

    /// <summary>The names of the fields and links of a flow, without their values.</summary>
    private static string Shape(JsonObject flow) =>
        string.Join(",", flow.Select(p => p.Key).Order()) + "|" + string.Join(",", flow["_embedded"]!.AsObject().Select(p => p.Key).Order())
        + "|" + string.Join(",", flow["_links"]!.AsObject().Select(p => p.Key).Order());

    private async Task<(string FlowUrl, JsonObject Form)> ToRegistrationAsync(Browser browser, ManagedSignInEnvironment environment, string clientId)
    {
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (_, identifier) = await browser.GetFlowAsync(flowUrl);
        Assert.NotNull(identifier["_links"]![FlowActions.UserRegister]);
        var (_, form) = await browser.ActAsync(flowUrl, FlowActions.UserRegister, new { });
        return (flowUrl, form);
    }

    private static Task<(HttpStatusCode Status, JsonObject Body)> RegisterAsync(Browser browser, string flowUrl, string username, string email) =>
        browser.ActAsync(flowUrl, FlowActions.UserRegister, new { username, email, password = NewPassword });

    private async Task<(Browser Browser, string FlowUrl, HttpStatusCode Status, JsonObject Body)> RegisterInNewBrowserAsync(
        ManagedSignInEnvironment environment, string clientId, string username, string email)
    {
        var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await ToRegistrationAsync(browser, environment, clientId);
        var (status, body) = await RegisterAsync(browser, flowUrl, username, email);
        return (browser, flowUrl, status, body);
    }

    private async Task<MimeKit.MimeMessage> MailAsync(string address, string? subjectHas = null)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            if (server.Mail.To(address).FirstOrDefault(m => subjectHas is null || m.Subject.Contains(subjectHas, StringComparison.Ordinal)) is { } mail)
            {
                return mail;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No mail reached {address}.");
        return null!;
    }

    private async Task<string> CodeAsync(string address) => CodePattern().Match((await MailAsync(address)).TextBody).Value;

    private async Task<UserRecord?> UserAsync(ManagedSignInEnvironment environment, string username) =>
        (await UsersAsync(environment, username)).SingleOrDefault();

    private async Task<List<UserRecord>> UsersAsync(ManagedSignInEnvironment environment, string username)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var normalized = username.ToUpperInvariant();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Users.AsNoTracking()
            .Where(u => u.EnvironmentId == environment.Id && u.NormalizedUsername == normalized).ToListAsync();
    }

    private async Task<ContactDeviceRecord?> EmailDeviceAsync(ManagedSignInEnvironment environment, string userId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().ContactDevices.AsNoTracking()
            .SingleOrDefaultAsync(d => d.EnvironmentId == environment.Id && d.UserId == userId && d.Channel == "EMAIL");
    }

    private async Task<bool> AuditedAsync(ManagedSignInEnvironment environment, string userId, string action)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.AsNoTracking()
            .AnyAsync(e => e.EnvironmentId == environment.Id && e.Actor == userId && e.Action == action);
    }

    /// <summary>Everything stored of the flow: its state and its journal, as text.</summary>
    private async Task<string> JournalAndStateAsync(string flowUrl)
    {
        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        await using var scope = server.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<global::Flows.Engine.Instances.IFlowInstanceStore>();
        var instance = await store.FindAsync(flowId, CancellationToken.None);
        return System.Text.Json.JsonSerializer.Serialize(instance);
    }

    /// <summary>An environment with erin, SMTP aimed at the catcher, the 'terms' agreement, the names in the user schema, and an application on the flow.</summary>
    private async Task<(ManagedSignInEnvironment Environment, string ClientId)> SetUpAsync(string prefix)
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, prefix);
        var path = $"/v1/environments/{environment.Id}";
        var smtp = await Api.PutAsync($"{path}/email", environment.Token, new
        {
            host = "127.0.0.1", port = server.Mail.Port, security = "None", fromAddress = CodeEnvironment.FromAddress, fromName = "Flows",
        });
        var schema = await Api.PutAsync($"{path}/userSchema", environment.Token, new
        {
            attributes = new object[]
            {
                new { name = "given_name", displayName = "First name", required = true },
                new { name = "family_name", displayName = "Last name", required = true, format = "[\\p{L} '-]+" },
            },
        });
        var agreement = await Api.PostAsync($"{path}/agreements", environment.Token, new
        {
            id = "terms", name = "Terms of use", defaultLanguage = "en", texts = new Dictionary<string, string> { ["en"] = "Be nice." },
        });
        Assert.Equal(HttpStatusCode.OK, smtp.Status);
        Assert.Equal(HttpStatusCode.OK, schema.Status);
        Assert.Equal(HttpStatusCode.Created, agreement.Status);
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = Flow });
        return (environment, clientId);
    }

    [GeneratedRegex(@"\b[0-9]{6,8}\b")]
    private static partial Regex CodePattern();

    [GeneratedRegex("<form\\b[^>]*\\baction=\"(?<action>[^\"]*handler=RegistrationStart[^\"]*)\"[^>]*>.*?name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex RegistrationStartPattern();
}
