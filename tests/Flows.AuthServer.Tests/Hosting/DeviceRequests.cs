using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The device authorization grant (RFC 8628) from both sides: the device asking and polling, and its user on the
/// verification page, driven through the JSON flow API.
/// </summary>
public static class DeviceRequests
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>The device's request (RFC 8628 §3.1): a public client names itself, a confidential one authenticates.</summary>
    public static Task<(HttpStatusCode Status, JsonObject Body)> AuthorizeAsync(
        HttpClient http, string clientId, string? secret, string scope, string environment) =>
        TokenRequests.PostAsync(http, $"/{environment}/as/device_authorization", new Dictionary<string, string> { ["scope"] = scope }, clientId, secret);

    /// <summary>One poll of the token endpoint (RFC 8628 §3.4).</summary>
    public static Task<(HttpStatusCode Status, JsonObject Body)> PollAsync(
        HttpClient http, string deviceCode, string clientId, string? secret, string environment) =>
        TokenRequests.PostAsync(http, $"/{environment}/as/token",
            new Dictionary<string, string> { ["grant_type"] = GrantType, ["device_code"] = deviceCode }, clientId, secret);

    /// <summary>Opens the verification page (a verification_uri, or its _complete form) and returns its flow's API URL.</summary>
    public static async Task<string> OpenAsync(Browser browser, string verificationUri, string environment)
    {
        using var response = await browser.GetAsync(verificationUri);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith($"/{environment}/signon?flowId=", location);
        var flowId = QueryHelpers.ParseQuery(new Uri(browser.BaseAddress, location).Query)["flowId"].ToString();
        return $"/{environment}/flows/{flowId}";
    }

    /// <summary>
    /// The user's whole visit through the JSON flow API: the code, the password, the device consent; returns the
    /// completed flow (before its resume).
    /// </summary>
    public static async Task<JsonObject> CompleteAsync(
        Browser browser, string flowUrl, string userCode, string username, string password, bool accept = true)
    {
        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.DeviceUserCode(userCode));
        Assert.Equal(HttpStatusCode.OK, status);
        if (flow["status"]!.GetValue<string>() == FlowStatuses.UsernamePasswordRequired)
        {
            (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, password));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        Assert.Equal(FlowStatuses.DeviceConsentRequired, flow["status"]!.GetValue<string>());
        (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.DeviceConsent(accept));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.Completed, flow["status"]!.GetValue<string>());
        return flow;
    }

    /// <summary>Follows a completed verification flow's resume URL; returns where the user lands.</summary>
    public static async Task<string> ResumeAsync(Browser browser, JsonObject completedFlow)
    {
        using var response = await browser.GetAsync(completedFlow["resumeUrl"]!.GetValue<string>());
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }
}
