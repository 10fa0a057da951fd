using System.Net;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.SignOn;

/// <summary>
/// The hosted pages and the activities agree on the field names: each step's form, as the page renders it, has the
/// fields the step's activity reads (its published constants), and filling them in moves the flow on through the
/// real pipeline. Each test signs in as a user of its own, created through /v1.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class HostedPageFormTests(ManagementServerFixture server)
{
    private const string NewPassword = "a-new-password-1";

    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task The_sign_in_form_has_the_password_steps_fields_and_filling_them_in_signs_in()
    {
        var (username, _) = await CreateUserAsync("pwf");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        var form = await HostedPageForm.OpenAsync(browser, SignOnUrl(flowUrl));
        using var posted = await form.SubmitAsync(browser, new Dictionary<string, string>
        {
            [UsernamePasswordFields.Username] = username,
            [UsernamePasswordFields.Password] = PasswordOf(username),
        });

        Assert.Equal([UsernamePasswordFields.Username, UsernamePasswordFields.Password], form.Fields);
        await AssertCompletedAsync(browser, flowUrl, posted);
    }

    [Fact]
    public async Task The_password_change_form_has_the_new_password_steps_fields_and_filling_them_in_signs_in()
    {
        var (username, _) = await CreateUserAsync("cpf", new { mustChangePassword = true });
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var (_, asked) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, PasswordOf(username)));

        var form = await HostedPageForm.OpenAsync(browser, SignOnUrl(flowUrl));
        using var posted = await form.SubmitAsync(browser, new Dictionary<string, string>
        {
            [MustChangePasswordFields.CurrentPassword] = PasswordOf(username),
            [MustChangePasswordFields.NewPassword] = NewPassword,
        });

        Assert.Equal(FlowStatuses.MustChangePassword, asked["status"]!.GetValue<string>());
        Assert.Equal([MustChangePasswordFields.CurrentPassword, MustChangePasswordFields.NewPassword], form.Fields);
        await AssertCompletedAsync(browser, flowUrl, posted);
    }

    [Fact]
    public async Task The_code_form_has_the_otp_steps_field_and_filling_it_in_signs_in()
    {
        var (username, user) = await CreateUserAsync("otf");
        var authenticator = await EnrollAuthenticatorAsync(user);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));
        var (_, asked) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, PasswordOf(username)));

        var form = await HostedPageForm.OpenAsync(browser, SignOnUrl(flowUrl));
        using var posted = await form.SubmitAsync(browser, new Dictionary<string, string>
        {
            [OtpFields.Code] = await authenticator.NextCodeAsync(),
        });

        Assert.Equal(FlowStatuses.OtpRequired, asked["status"]!.GetValue<string>());
        Assert.Equal([OtpFields.Code], form.Fields);
        await AssertCompletedAsync(browser, flowUrl, posted);
    }

    /// <summary>The hosted page of the flow behind a flow API URL (<c>/{env}/flows/{id}</c>).</summary>
    private static string SignOnUrl(string flowUrl) => $"/{Id}/signon?flowId={FlowIdOf(flowUrl)}";

    private static string FlowIdOf(string flowUrl) => flowUrl[(flowUrl.LastIndexOf('/') + 1)..];

    /// <summary>The post moved the flow on to its end: the page redirects to the resume URL and the flow API says COMPLETED.</summary>
    private static async Task AssertCompletedAsync(Browser browser, string flowUrl, HttpResponseMessage posted)
    {
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/{Id}/as/resume?flowId={FlowIdOf(flowUrl)}", posted.Headers.Location!.ToString());
        var (_, flow) = await browser.GetFlowAsync(flowUrl);
        Assert.Equal(FlowStatuses.Completed, flow["status"]!.GetValue<string>());
    }

    /// <summary>A user of the test environment with a password of its own, and its URL in /v1.</summary>
    private async Task<(string Username, string Url)> CreateUserAsync(string prefix, object? changes = null)
    {
        var token = await _api.TokenAsync();
        var username = UniqueName(prefix);
        var user = await CreateAsync(_api, token, username);
        if (changes is not null)
        {
            Assert.Equal(HttpStatusCode.OK, (await _api.PatchAsync(user.Location!.ToString(), token, changes)).Status);
        }

        return (username, user.Location!.ToString());
    }

    /// <summary>Enrolls a TOTP app for the user through /v1; returns the app holding the key.</summary>
    private async Task<TotpAuthenticator> EnrollAuthenticatorAsync(string userUrl)
    {
        var enrolled = await _api.PostAsync($"{userUrl}/mfaDevices/totp", await _api.TokenAsync(), new { });
        Assert.Equal(HttpStatusCode.Created, enrolled.Status);
        var authenticator = new TotpAuthenticator();
        authenticator.Enroll(enrolled.Text("secret"));
        return authenticator;
    }
}
