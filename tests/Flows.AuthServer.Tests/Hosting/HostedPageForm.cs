using System.Net;
using System.Text.RegularExpressions;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The post form of a hosted page as a browser reads it from the HTML: where it posts, the fields a person fills
/// in (named inputs, in page order) and its hidden fields (the antiforgery token).
/// </summary>
public sealed partial record HostedPageForm(string Action, IReadOnlyList<string> Fields, IReadOnlyDictionary<string, string> Hidden)
{
    /// <summary>GETs the page and reads its form.</summary>
    public static async Task<HostedPageForm> OpenAsync(Browser browser, string url)
    {
        using var page = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return Read(await page.Content.ReadAsStringAsync());
    }

    public static HostedPageForm Read(string html)
    {
        var form = FormPattern().Match(html);
        Assert.True(form.Success, "The page has no post form.");
        var fields = new List<string>();
        var hidden = new Dictionary<string, string>();
        foreach (Match input in InputPattern().Matches(form.Groups["body"].Value))
        {
            var attributes = AttributePattern().Matches(input.Groups["attributes"].Value)
                .ToDictionary(a => a.Groups["name"].Value, a => WebUtility.HtmlDecode(a.Groups["value"].Value), StringComparer.OrdinalIgnoreCase);
            // An input without a name is never sent (e.g. the read-only account shown for password managers).
            if (!attributes.TryGetValue("name", out var name))
            {
                continue;
            }

            if (attributes.GetValueOrDefault("type") == "hidden")
            {
                hidden[name] = attributes.GetValueOrDefault("value") ?? "";
            }
            else
            {
                fields.Add(name);
            }
        }

        return new HostedPageForm(WebUtility.HtmlDecode(form.Groups["action"].Value), fields, hidden);
    }

    /// <summary>Posts the form as a browser does: its hidden fields and what was typed into its fields, empty where nothing was.</summary>
    public Task<HttpResponseMessage> SubmitAsync(Browser browser, IReadOnlyDictionary<string, string> typed)
    {
        // Only a field the page shows can be filled in.
        Assert.All(typed.Keys, field => Assert.Contains(field, Fields));
        var values = Hidden.Concat(Fields.Select(field => KeyValuePair.Create(field, typed.GetValueOrDefault(field, ""))));
        return browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, Action) { Content = new FormUrlEncodedContent(values) });
    }

    [GeneratedRegex("<form\\b[^>]*\\bmethod=\"post\"[^>]*\\baction=\"(?<action>[^\"]+)\"[^>]*>(?<body>.*?)</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input\\b(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex("(?<name>[a-zA-Z-]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex AttributePattern();
}
