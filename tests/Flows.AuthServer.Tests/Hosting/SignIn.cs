using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.Testing;
using Microsoft.AspNetCore.WebUtilities;
using OtpNet;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// Drives a sign-in the way a custom UI would: authorize, the flow API step by step, resume; returns what the
/// client receives at its redirect URI.
/// </summary>
public static class SignIn
{
    public static string AuthorizeUrl(
        string clientId, string redirectUri, Pkce? pkce, string state = "state-1", string nonce = "nonce-1",
        string scope = "openid profile email offline_access", string responseType = "code", string environment = TestEnvironment.Id,
        IDictionary<string, string?>? extra = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = responseType,
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = nonce,
        };
        if (pkce is not null)
        {
            query["code_challenge"] = pkce.Challenge;
            query["code_challenge_method"] = "S256";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            query[key] = value;
        }

        return QueryHelpers.AddQueryString($"/{environment}/as/authorize", query);
    }

    /// <summary>GET authorize and return the flow resource URL it starts (asserting the redirect to the sign-on page).</summary>
    public static async Task<string> StartAsync(Browser browser, string authorizeUrl, string environment = TestEnvironment.Id)
    {
        using var response = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith($"/{environment}/signon?flowId=", location);
        var flowId = QueryHelpers.ParseQuery(new Uri(browser.BaseAddress, location).Query)["flowId"].ToString();
        return $"/{environment}/flows/{flowId}";
    }

    /// <summary>Answers the password and, when asked, the OTP step; returns the completed flow.</summary>
    public static async Task<JsonObject> CompleteAsync(Browser browser, string flowUrl, string username, string password, string? totpSecret = null)
    {
        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        Assert.Equal(HttpStatusCode.OK, status);
        if (flow["status"]!.GetValue<string>() == FlowStatuses.OtpRequired)
        {
            var code = new Totp(Base32Encoding.ToBytes(totpSecret!)).ComputeTotp();
            (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        Assert.Equal(FlowStatuses.Completed, flow["status"]!.GetValue<string>());
        return flow;
    }

    /// <summary>
    /// Answers the password and then the second factor a flow such as the admin environment's asks for: enrolls
    /// <paramref name="authenticator"/> with the key the enrollment step shows, or gives its next code. Returns the completed flow.
    /// </summary>
    public static async Task<JsonObject> CompleteWithAuthenticatorAsync(
        Browser browser, string flowUrl, string username, string password, TotpAuthenticator authenticator)
    {
        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
        Assert.Equal(HttpStatusCode.OK, status);
        var enrolling = flow["status"]!.GetValue<string>() switch
        {
            FlowStatuses.OtpEnrollmentRequired => true,
            FlowStatuses.OtpRequired => false,
            var other => throw new Xunit.Sdk.XunitException($"Expected a second factor after the password, got {other}."),
        };
        if (enrolling)
        {
            authenticator.Enroll(flow["_embedded"]![OtpEnrollmentFields.Secret]!.GetValue<string>());
        }

        var code = await authenticator.NextCodeAsync();
        (status, flow) = await browser.ActAsync(flowUrl, enrolling ? FlowAnswers.OtpEnroll(code) : FlowAnswers.Otp(code));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.Completed, flow["status"]!.GetValue<string>());
        return flow;
    }

    /// <summary>Follows the resume URL; returns the redirect to the client's redirect URI.</summary>
    public static async Task<Uri> ResumeAsync(Browser browser, JsonObject completedFlow)
    {
        using var response = await browser.GetAsync(completedFlow["resumeUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>The whole sign-in up to the redirect back to the client.</summary>
    public static async Task<Uri> RunAsync(
        Browser browser, string authorizeUrl, string username, string password, string? totpSecret = null, string environment = TestEnvironment.Id)
    {
        var flowUrl = await StartAsync(browser, authorizeUrl, environment);
        return await ResumeAsync(browser, await CompleteAsync(browser, flowUrl, username, password, totpSecret));
    }

    /// <summary>The whole sign-in with a second factor (<see cref="CompleteWithAuthenticatorAsync"/>) up to the redirect back to the client.</summary>
    public static async Task<Uri> RunWithAuthenticatorAsync(
        Browser browser, string authorizeUrl, string username, string password, TotpAuthenticator authenticator, string environment)
    {
        var flowUrl = await StartAsync(browser, authorizeUrl, environment);
        return await ResumeAsync(browser, await CompleteWithAuthenticatorAsync(browser, flowUrl, username, password, authenticator));
    }

    public static Dictionary<string, string> Parameters(Uri redirect, bool fragment = false)
    {
        var part = fragment ? redirect.Fragment.TrimStart('#') : redirect.Query;
        return QueryHelpers.ParseQuery(part).ToDictionary(p => p.Key, p => p.Value.ToString());
    }
}
