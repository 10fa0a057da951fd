using Flows.AuthServer.Environments;
using Flows.AuthServer.Tests.Support;
using static Flows.AuthServer.Tests.Support.SampleEnvironments;

namespace Flows.AuthServer.Tests.Environments;

/// <summary>Every problem of an environment file is found before anything is created, and says where it is.</summary>
public sealed class EnvironmentFileValidatorTests
{
    public static TheoryData<string, Func<EnvironmentFile, EnvironmentFile>, string> SpoiltFiles() => new()
    {
        { "bad id", file => file with { Id = "Not Valid" }, "id 'Not Valid' must be" },
        { "reserved id", file => file with { Id = "v1" }, "id 'v1' must be" },
        { "blank name", file => file with { Name = " " }, "name must be" },
        { "unknown default flow", file => file with { DefaultFlow = "nope" }, "defaultFlow 'nope' is not a known flow" },
        { "unknown grant", file => WithApplication(file, 1, a => a with { GrantTypes = ["password"] }), "'web': grant type 'password' is unknown" },
        { "relative redirect", file => WithApplication(file, 1, a => a with { RedirectUris = ["/callback"] }), "redirectUris '/callback' is not an absolute URI" },
        { "redirect with fragment", file => WithApplication(file, 1, a => a with { RedirectUris = ["https://web.test/cb#x"] }), "must not have a fragment" },
        { "relative post-logout", file => WithApplication(file, 0, a => a with { PostLogoutRedirectUris = ["signed-out"] }), "postLogoutRedirectUris 'signed-out' is not an absolute URI" },
        { "unknown application flow", file => WithApplication(file, 0, a => a with { Flow = "nope" }), "'spa': flow 'nope' is not a known flow" },
        { "duplicate client id", file => WithApplication(file, 2, a => a with { ClientId = WebClient }), "'web': clientId is used by another application" },
        { "unknown type", file => WithApplication(file, 0, a => a with { Type = "native" }), "type 'native' is unknown" },
        { "public client with secret", file => WithApplication(file, 0, a => a with { ClientSecret = "x" }), "a public client has no secret" },
        { "public client credentials", file => WithApplication(file, 0, a => a with { GrantTypes = ["authorization_code", "refresh_token", "client_credentials"] }), "a public client cannot use client_credentials" },
        { "public token exchange", file => WithApplication(file, 0, a => a with { GrantTypes = ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:token-exchange"] }), "a public client cannot use urn:ietf:params:oauth:grant-type:token-exchange" },
        { "code without redirect", file => WithApplication(file, 1, a => a with { RedirectUris = [] }), "need at least one redirect URI" },
        { "no grant", file => WithApplication(file, 2, a => a with { GrantTypes = [] }), "grantTypes is empty" },
        { "unknown scope", file => WithApplication(file, 1, a => a with { Scopes = ["admin"] }), "scope 'admin' is unknown" },
        { "offline without refresh", file => WithApplication(file, 1, a => a with { Scopes = ["offline_access"] }), "needs the refresh_token grant type" },
        { "duplicate username", file => WithUser(file, 1, u => u with { Username = "CAROL" }), "'CAROL': username is used by another user" },
        { "blank username", file => WithUser(file, 1, u => u with { Username = "" }), "username must be 1 to 256 characters" },
        { "weak password", file => WithUser(file, 0, u => u with { Password = "short" }), "'carol': password must be at least 8 characters long" },
        { "bad totp secret", file => WithUser(file, 1, u => u with { TotpSecret = "not base32" }), "'dave': totpSecret must be Base32" },
    };

    [Fact]
    public void A_complete_file_has_no_problem()
    {
        Assert.Empty(Validator().Validate(File(), ShippedFlowIds));
    }

    [Theory]
    [MemberData(nameof(SpoiltFiles))]
    public void A_spoilt_value_is_reported_where_it_is(string spoilt, Func<EnvironmentFile, EnvironmentFile> spoil, string expected)
    {
        var problems = Validator().Validate(spoil(File()), ShippedFlowIds);

        Assert.True(problems.Count == 1 && problems[0].Contains(expected, StringComparison.Ordinal),
            $"{spoilt}: expected one problem containing \"{expected}\", got: {string.Join(" | ", problems)}");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var file = WithUser(WithApplication(File() with { DefaultFlow = "nope" }, 0, a => a with { ClientSecret = "x" }), 0, u => u with { Password = "short" });

        Assert.Equal(3, Validator().Validate(file, ShippedFlowIds).Count);
    }

    private static EnvironmentFile WithApplication(EnvironmentFile file, int index, Func<EnvironmentFileApplication, EnvironmentFileApplication> change) =>
        file with { Applications = file.Applications.Select((a, i) => i == index ? change(a) : a).ToList() };

    private static EnvironmentFile WithUser(EnvironmentFile file, int index, Func<EnvironmentFileUser, EnvironmentFileUser> change) =>
        file with { Users = file.Users.Select((u, i) => i == index ? change(u) : u).ToList() };
}
