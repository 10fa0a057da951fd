using System.Net;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.Messaging;

/// <summary>
/// <c>/v1/environments/{env}/email</c> and <c>…/sms</c>, and the users' e-mail and SMS devices: the SMTP password and the
/// gateway secret are write-only (never in an answer or an export), kept across changes that leave them out, and
/// invalid settings are refused field by field.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class MessagingSettingsApiTests(MessagingServerFixture server)
{
    private const string SmtpPassword = "smtp-password-Zq8v-not-to-be-seen";
    private const string GatewaySecret = "gateway-secret-Wm4r-not-to-be-seen";

    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_smtp_password_is_stored_but_never_shown()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "mailset");
        var path = $"/v1/environments/{environment.Id}/email";

        var put = await Api.PutAsync(path, environment.Token, Settings(SmtpPassword));
        var got = await Api.GetAsync(path, environment.Token);

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("smtp.example.com", got.Body["host"]!.GetValue<string>());
        Assert.Equal(465, got.Body["port"]!.GetValue<int>());
        Assert.Equal("SslOnConnect", got.Body["security"]!.GetValue<string>());
        Assert.True(got.Body["hasPassword"]!.GetValue<bool>());
        Assert.All(new[] { put, got }, answer =>
        {
            Assert.Null(answer.Body["password"]);
            Assert.DoesNotContain(SmtpPassword, answer.Body.ToJsonString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_change_without_a_password_keeps_it_and_an_empty_one_removes_it()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "mailkeep");
        var path = $"/v1/environments/{environment.Id}/email";
        await Api.PutAsync(path, environment.Token, Settings(SmtpPassword));

        var kept = await Api.PutAsync(path, environment.Token, Settings(password: null));
        var removed = await Api.PutAsync(path, environment.Token, Settings(password: ""));

        Assert.True(kept.Body["hasPassword"]!.GetValue<bool>());
        Assert.False(removed.Body["hasPassword"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Invalid_settings_are_refused_field_by_field()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "mailbad");

        var refused = await Api.PutAsync($"/v1/environments/{environment.Id}/email", environment.Token,
            new { host = "not a host", port = 0, security = "Maybe", fromAddress = "nobody" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        var fields = refused.Body.ToJsonString();
        Assert.All(new[] { "host", "port", "security", "fromAddress" }, field => Assert.Contains($"\"{field}\"", fields, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gateway_secret_is_stored_but_never_shown()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "smsset");
        var path = $"/v1/environments/{environment.Id}/sms";

        var put = await Api.PutAsync(path, environment.Token, new { url = "https://sms.example.com/send", secret = GatewaySecret });
        var got = await Api.GetAsync(path, environment.Token);

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("https://sms.example.com/send", got.Body["url"]!.GetValue<string>());
        Assert.True(got.Body["hasSecret"]!.GetValue<bool>());
        Assert.DoesNotContain(GatewaySecret, put.Body.ToJsonString() + got.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_has_the_settings_but_neither_the_password_nor_the_gateway_secret()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "mailexp");
        await Api.PutAsync($"/v1/environments/{environment.Id}/email", environment.Token, Settings(SmtpPassword));
        await Api.PutAsync($"/v1/environments/{environment.Id}/sms", environment.Token, new { url = "https://sms.example.com/send", secret = GatewaySecret });

        var exported = await Api.GetAsync($"/v1/environments/{environment.Id}/export", environment.Token);

        Assert.Equal(HttpStatusCode.OK, exported.Status);
        Assert.Equal("smtp.example.com", exported.Body["email"]!["host"]!.GetValue<string>());
        Assert.Equal("https://sms.example.com/send", exported.Body["sms"]!["url"]!.GetValue<string>());
        Assert.Null(exported.Body["email"]!["password"]);
        Assert.Null(exported.Body["sms"]!["secret"]);
        Assert.DoesNotContain(SmtpPassword, exported.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(GatewaySecret, exported.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_imported_file_keeps_its_settings_and_password_without_showing_it()
    {
        var token = await Api.TokenAsync();
        var id = $"mailimp-{Guid.NewGuid():N}"[..20];

        var imported = await Api.PostAsync("/v1/environments/import", token, new
        {
            id, name = "Imported", defaultFlow = "username-password",
            email = new { host = "smtp.example.com", port = 587, security = "StartTls", username = "flows", password = SmtpPassword, fromAddress = "no-reply@example.com" },
        });
        var got = await Api.GetAsync($"/v1/environments/{id}/email", token);

        Assert.True(imported.Status == HttpStatusCode.Created, imported.Body.ToJsonString());
        Assert.True(got.Body["hasPassword"]!.GetValue<bool>());
        Assert.Equal("flows", got.Body["username"]!.GetValue<string>());
        Assert.DoesNotContain(SmtpPassword, imported.Body.ToJsonString() + got.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_users_email_and_sms_devices_are_set_listed_and_removed()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "devices");
        var devices = $"/v1/environments/{environment.Id}/users/{environment.UserId}/mfaDevices";

        var email = await Api.PutAsync($"{devices}/email", environment.Token, new { email = "erin@example.com", verified = true });
        var sms = await Api.PutAsync($"{devices}/sms", environment.Token, new { phone = "+1 555 123 4567", verified = false });
        var badPhone = await Api.PutAsync($"{devices}/sms", environment.Token, new { phone = "555-1234" });
        var listed = await Api.GetAsync(devices, environment.Token);
        var removed = await Api.DeleteAsync($"{devices}/sms", environment.Token);
        var gone = await Api.GetAsync($"{devices}/sms", environment.Token);

        Assert.Equal((HttpStatusCode.OK, "EMAIL", true), (email.Status, email.Body["type"]!.GetValue<string>(), email.Body["verified"]!.GetValue<bool>()));
        Assert.Equal("+15551234567", sms.Body["phone"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.Status);
        Assert.Equal(["totp", "email", "sms"], listed.Body["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
    }

    private static object Settings(string? password) => password is null
        ? new { host = "smtp.example.com", port = 465, security = "SslOnConnect", username = "flows", fromAddress = "no-reply@example.com", fromName = "Example" }
        : new { host = "smtp.example.com", port = 465, security = "SslOnConnect", username = "flows", password, fromAddress = "no-reply@example.com", fromName = "Example" };
}
