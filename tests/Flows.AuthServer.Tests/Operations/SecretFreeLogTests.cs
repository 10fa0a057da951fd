using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Operations;

/// <summary>
/// A full run logged at Trace level by every category (the server's, ASP.NET Core's, EF Core's, OpenIddict's): an
/// import with generated secrets, the bootstrap administration, a wrong password, a sign-in with password and
/// one-time code, tokens redeemed and refreshed, userinfo, a management call. No secret of that run is in the log.
/// </summary>
public sealed partial class SecretFreeLogTests(SecretFreeLogTests.LoggedServer server) : IClassFixture<SecretFreeLogTests.LoggedServer>
{
    private const string Environment = "generated";
    private const string ClientId = "generated-web";
    private const string Redirect = "https://generated.test/callback";
    private const string WrongPassword = "a-wrong-guess-7Qm2";

    [Fact]
    public async Task No_generated_secret_password_code_session_or_token_appears_in_a_full_runs_log()
    {
        var generated = await server.GeneratedSecretsAsync();
        var secrets = new List<string>(generated.Values) { WrongPassword };

        using var browser = new Browser(server.BaseAddress);
        var wrong = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(ClientId, Redirect, Pkce.New(), environment: Environment), Environment);
        await browser.ActAsync(wrong, FlowAnswers.UsernamePassword("gina", WrongPassword));

        var pkce = Pkce.New();
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(ClientId, Redirect, pkce, environment: Environment), Environment);
        secrets.Add(browser.SessionToken(Environment)!);
        var completed = await SignIn.CompleteAsync(browser, flowUrl, "gina", generated["gina password"], generated["gina authenticator key"]);
        secrets.Add(browser.SessionToken(Environment)!);
        var code = SignIn.Parameters(await SignIn.ResumeAsync(browser, completed))["code"];
        secrets.AddRange([code, pkce.Verifier]);

        using var http = server.CreateRawClient();
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(http, code, Redirect, pkce.Verifier, ClientId, generated["generated-web client secret"], Environment);
        Assert.Equal(HttpStatusCode.OK, status);
        var (refreshed, renewed) = await TokenRequests.RefreshAsync(http, tokens["refresh_token"]!.GetValue<string>(), ClientId, generated["generated-web client secret"], Environment);
        Assert.Equal(HttpStatusCode.OK, refreshed);
        var (userInfo, _) = await TokenRequests.UserInfoAsync(http, renewed["access_token"]!.GetValue<string>(), Environment);
        Assert.Equal(HttpStatusCode.OK, userInfo);
        foreach (var name in new[] { "access_token", "refresh_token", "id_token" })
        {
            secrets.Add(tokens[name]!.GetValue<string>());
            secrets.Add(renewed[name]!.GetValue<string>());
        }

        var (adminStatus, admin) = await TokenRequests.PostAsync(http, "/admin/as/token",
            new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, "flows-admin", generated["flows-admin client secret"]);
        Assert.Equal(HttpStatusCode.OK, adminStatus);
        using var list = new HttpRequestMessage(HttpMethod.Get, "/v1/environments");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin["access_token"]!.GetValue<string>());
        using var environments = await http.SendAsync(list);
        Assert.Equal(HttpStatusCode.OK, environments.StatusCode);
        secrets.Add(admin["access_token"]!.GetValue<string>());

        var log = server.Logs.Text;
        Assert.Contains("OpenIddict.Server", log, StringComparison.Ordinal);
        Assert.Contains("Microsoft.EntityFrameworkCore", log, StringComparison.Ordinal);
        Assert.All(secrets, secret =>
        {
            Assert.True(secret.Length >= 8, "every secret checked is long enough not to occur by chance");
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        });
    }

    /// <summary>The real server logging everything at Trace level, importing an environment whose secrets it generates.</summary>
    public sealed partial class LoggedServer : ServerFixture
    {
        public CapturingLoggerProvider Logs { get; } = new();

        /// <summary>The generated secrets of the run, by "{user} password", "{user} authenticator key" or "{client} client secret".</summary>
        public async Task<Dictionary<string, string>> GeneratedSecretsAsync()
        {
            var file = Path.Combine(DatabasePath + ".secrets", "flows-secrets.txt");
            for (var waited = 0; ; waited++)
            {
                var text = File.Exists(file) ? await File.ReadAllTextAsync(file) : "";

                // The administration is bootstrapped once the server runs, after the imports.
                if (text.Contains("flows-admin", StringComparison.Ordinal) || waited == 300)
                {
                    var secrets = new Dictionary<string, string>();
                    string? user = null;
                    foreach (Match line in SecretLine().Matches(text))
                    {
                        user = line.Groups["name"].Success ? line.Groups["name"].Value : user;
                        secrets[$"{user} {line.Groups["kind"].Value}"] = line.Groups["secret"].Value;
                    }

                    Assert.Equal(
                        ["admin password", "flows-admin client secret", "generated-web client secret", "gina authenticator key", "gina password"],
                        secrets.Keys.Order(StringComparer.Ordinal));
                    return secrets;
                }

                await Task.Delay(100);
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Flows:Import:2", Path.Combine(AppContext.BaseDirectory, "environments", "generated.json"));
            foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "OpenIddict", "System" })
            {
                builder.UseSetting($"Logging:LogLevel:{category}", "Trace");
            }

            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        }

        [GeneratedRegex(@"(?:'(?<name>[^'\n]+)'[^,'\n]*, )?(?<kind>password|client secret|authenticator key): (?<secret>\S+)")]
        private static partial Regex SecretLine();
    }
}
