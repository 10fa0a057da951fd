using System.Text;

namespace Flows.Fuzz;

/// <summary>The random choices of one fuzzing worker: values that have broken parsers before, and helpers over a seeded <see cref="Random"/>.</summary>
public sealed class FuzzValues(Random random)
{
    /// <summary>Parameter names of OAuth, OpenID Connect and the flow API, to add where they do not belong.</summary>
    public static readonly string[] ParameterNames =
    [
        "response_type", "response_mode", "client_id", "client_secret", "redirect_uri", "scope", "state", "nonce", "prompt", "max_age",
        "login_hint", "id_token_hint", "acr_values", "claims", "request", "request_uri", "resource", "audience", "ui_locales", "display",
        "code_challenge", "code_challenge_method", "code", "code_verifier", "grant_type", "refresh_token", "token", "token_type_hint",
        "client_assertion", "client_assertion_type", "username", "password", "post_logout_redirect_uri", "flowId", "handler", "otp",
        "device_code", "subject_token", "requested_token_type", "__RequestVerificationToken", "confirm", "iss", "error",
    ];

    private static readonly string[] Specials =
    [
        "", " ", "null", "undefined", "0", "-1", "2147483648", "99999999999999999999999", "1e309", "NaN", "true", "[]", "{}",
        "%00", "\0", "a\0b", "%ZZ", "%", "%%", "%u0041", "%C0%AF", "%FF%FE", "\r\nX-Injected: 1", "\u202e", "\ud800", "😀", "漢字",
        "é", "../../../etc/passwd", "%2e%2e%2f", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}", "{{7*7}}",
        "https://evil.test/callback", "javascript:alert(1)", "//evil.test", "http://", "urn:x", "https://app.test/callback#frag",
        "code", "token", "id_token", "code id_token token", "none", "login", "consent", "select_account", "none login", "query",
        "fragment", "form_post", "plain", "S256", "openid", "openid profile email offline_access", "flows.read flows.write",
        "authorization_code", "refresh_token", "client_credentials", "password", "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "eyJhbGciOiJub25lIn0.e30.", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "a.b.c", "Basic", "Bearer",
    ];

    public Random Random => random;

    public bool Chance(double probability) => random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public int Next(int maxExclusive) => random.Next(maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => random.Next(minInclusive, maxExclusive);

    /// <summary>A value meant to break something: a special string, a long run, random text or random bytes read as Latin-1.</summary>
    public string Value() => random.Next(10) switch
    {
        < 5 => Pick(Specials),
        5 => new string(Pick("axZ0%&=+ ".ToCharArray()), Pick([100, 2_049, 5_000, 20_000])),
        6 => Text(random.Next(1, 64)),
        7 => Encoding.Latin1.GetString(Bytes(random.Next(1, 32))),
        8 => Pick(Specials) + Pick(Specials),
        _ => random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Printable text with now and then a character from far outside ASCII.</summary>
    public string Text(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(Chance(0.1) ? (char)random.Next(0x80, 0xD7FF) : (char)random.Next(0x21, 0x7F));
        }

        return text.ToString();
    }

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Percent-encodes, or now and then leaves raw, or encodes with lower-case or broken escapes.</summary>
    public string Encode(string text) => random.Next(20) switch
    {
        0 => text,
        1 => Escape(text).ToLowerInvariant(),
        2 => Escape(text).Replace("%", "%%", StringComparison.Ordinal),
        _ => Escape(text),
    };

    private static string Escape(string text)
    {
        try
        {
            return Uri.EscapeDataString(text);
        }
        catch (UriFormatException)
        {
            // A lone surrogate: send it as its replacement.
            return Uri.EscapeDataString(string.Concat(text.Select(c => char.IsSurrogate(c) ? '\uFFFD' : c)));
        }
    }
}
