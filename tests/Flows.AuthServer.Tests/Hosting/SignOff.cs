using System.Net;
using System.Text.RegularExpressions;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>Signs a browser out as a person does: the sign-off page, then its confirmation form.</summary>
public static partial class SignOff
{
    /// <summary>Opens <c>/{env}/as/signoff</c> and posts the confirmation form it shows; returns the answer to the post.</summary>
    public static async Task<HttpResponseMessage> ConfirmAsync(Browser browser, string environmentId)
    {
        using var confirmation = await browser.GetAsync($"/{environmentId}/as/signoff");
        var page = await confirmation.Content.ReadAsStringAsync();
        var action = FormPattern().Match(page).Groups["action"].Value;
        return await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(action))
        {
            Content = new FormUrlEncodedContent(HiddenField().Matches(page)
                .ToDictionary(field => WebUtility.HtmlDecode(field.Groups["name"].Value), field => WebUtility.HtmlDecode(field.Groups["value"].Value))),
        });
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*action=\"(?<action>[^\"]+)\"", RegexOptions.IgnoreCase)]
    /// <summary>The confirmation form and its action.</summary>
    public static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    /// <summary>A hidden field of the form, with its name and value.</summary>
    public static partial Regex HiddenField();
}
