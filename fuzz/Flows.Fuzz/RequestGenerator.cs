using System.Text;
using static Flows.Fuzz.FuzzContext;

namespace Flows.Fuzz;

/// <summary>
/// Turns an endpoint's well-behaved request into a random, mostly broken one: another method, a mangled path,
/// parameters dropped, doubled or replaced, a broken body (<see cref="FuzzBodies"/>), a Content-Type that is repeated,
/// lists several types, does not parse or names a charset nothing decodes, compressed, chunked or cut-short bodies,
/// and odd headers. Deterministic for a seed: every choice comes from the worker's <see cref="FuzzValues"/>.
/// </summary>
public sealed class RequestGenerator(FuzzTarget target, FuzzValues values)
{
    private static readonly string[] Charsets = ["utf-7", "foo", "utf-16", "\"", "", "utf-32", "iso-8859-1", "\"utf-8\"", "UTF-8", "us-ascii"];

    private static readonly string[] OtherTypes =
        ["text/plain", "application/json", FuzzEndpoint.FormContentType, "application/xml", "*/*", "application/vnd.pingidentity.otp.check+json"];

    private static readonly string[] Unparseable = [";;;", "garbage", "/", "application/", "a/b c", "application/json;;", "\u00e9/\u00e9"];

    private readonly FuzzBodies _bodies = new(values);

    public RawRequest Next(FuzzEndpoint endpoint, FuzzMaterial material)
    {
        var context = new FuzzContext(target, material, values, endpoint);
        var fields = Mutate(endpoint.Fields(context));
        var path = MutatePath(endpoint.Path(context));
        var headers = new List<KeyValuePair<string, string>>(endpoint.Headers(context));
        var contentType = endpoint.ContentType(context);
        var charset = values.Chance(0.08) ? values.Pick(Charsets) : null;
        var encoding = charset?.Trim('"').ToLowerInvariant() switch { "utf-16" => Encoding.Unicode, "utf-32" => Encoding.UTF32, _ => Encoding.UTF8 };
        byte[] body = [];
        switch (endpoint.Body)
        {
            case BodyKind.Query:
                path = AppendQuery(path, fields);
                if (values.Chance(0.1))
                {
                    (contentType, body) = (FuzzEndpoint.FormContentType, _bodies.Form(Mutate([Pair("a", "b")]), encoding));
                }

                break;
            case BodyKind.Form:
                path = values.Chance(0.1) ? AppendQuery(path, fields) : path;
                body = _bodies.Form(fields, encoding);
                break;
            default:
                body = _bodies.Json(endpoint.Json(context), encoding);
                break;
        }

        if (body.Length > 0 && values.Chance(0.04))
        {
            (contentType, body) = ("multipart/form-data; boundary=fuzz", _bodies.Multipart(fields, "fuzz"));
        }

        headers.AddRange(ContentTypeHeaders(contentType, charset));
        body = Encode(body, headers);
        AddOddHeaders(headers);
        var method = values.Chance(0.9) ? endpoint.Method : values.Pick(endpoint.OtherMethods);
        return new RawRequest(method, OneLine(path), headers, body) { CutShort = values.Chance(0.02) && !headers.Any(IsChunked) };
    }

    private List<KeyValuePair<string, string>> Mutate(List<KeyValuePair<string, string>> fields)
    {
        for (var changes = values.Next(4); changes > 0; changes--)
        {
            var index = fields.Count == 0 ? -1 : values.Next(fields.Count);
            switch (values.Next(6))
            {
                case 0 when index >= 0:
                    fields.RemoveAt(index);
                    break;
                case 1 when index >= 0:
                    fields.Add(values.Chance(0.5) ? fields[index] : Pair(fields[index].Key, values.Value()));
                    break;
                case 2 when index >= 0:
                    fields[index] = Pair(fields[index].Key, values.Value());
                    break;
                case 3 when index >= 0:
                    fields[index] = Pair(values.Value(), fields[index].Value);
                    break;
                default:
                    fields.Add(Pair(values.Pick(FuzzValues.ParameterNames), values.Value()));
                    break;
            }
        }

        return fields;
    }

    private string MutatePath(string path)
    {
        if (!values.Chance(0.12))
        {
            return path;
        }

        var segments = path.Split('?', 2);
        var changed = values.Next(10) switch
        {
            0 => segments[0] + "/",
            1 => segments[0].Replace("/", "//", StringComparison.Ordinal),
            2 => segments[0].ToUpperInvariant(),
            3 => WithOtherFirstSegment(segments[0]),
            4 => segments[0] + "/%2e%2e/token",
            5 => segments[0] + ";jsessionid=x",
            6 => segments[0] + "/" + Uri.EscapeDataString(values.Text(8)),
            7 => $"http://{target.EndPoint}{segments[0]}",
            8 => segments[0] + new string('a', 9_000),
            _ => segments[0] + "#fragment",
        };
        return segments.Length > 1 ? $"{changed}?{segments[1]}" : changed;
    }

    /// <summary>The path in another environment (or none): its first segment replaced.</summary>
    private string WithOtherFirstSegment(string path)
    {
        var rest = path.IndexOf('/', 1) is var slash and > 0 ? path[slash..] : "";
        return "/" + values.Pick(["admin", "other", "nope", "%00", "%2e%2e", new string('e', 300)]) + rest;
    }

    private string AppendQuery(string path, List<KeyValuePair<string, string>> fields) =>
        fields.Count == 0 ? path
            : path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join('&', fields.Select(field => $"{values.Encode(field.Key)}={values.Encode(field.Value)}"));

    /// <summary>
    /// The target as sent, unescaped parts and all — but never with a raw CR or LF, which would end the request line
    /// early: that would test Kestrel's parser (a line without an HTTP version is its 505), not an endpoint.
    /// </summary>
    private static string OneLine(string target) =>
        target.Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>The Content-Type as sent: right, with a charset, repeated, listing several, unparseable, another type, or none.</summary>
    private List<KeyValuePair<string, string>> ContentTypeHeaders(string contentType, string? charset)
    {
        if (contentType.Length == 0)
        {
            return values.Chance(0.05) ? [Pair("Content-Type", values.Pick(OtherTypes))] : [];
        }

        var withCharset = charset is null ? contentType : $"{contentType}; charset={charset}";
        return values.Next(20) switch
        {
            0 => [Pair("Content-Type", withCharset), Pair("Content-Type", values.Chance(0.5) ? withCharset : values.Pick(OtherTypes))],
            1 => [Pair("Content-Type", $"{withCharset}, {values.Pick(OtherTypes)}")],
            2 => [Pair("Content-Type", values.Pick(Unparseable))],
            3 => [Pair("Content-Type", values.Pick(OtherTypes))],
            4 => [],
            5 => [Pair("Content-Type", $"{withCharset}; boundary=x; q=1")],
            6 => [Pair("Content-Type", "multipart/form-data")],
            _ => [Pair("Content-Type", withCharset)],
        };
    }

    /// <summary>Compresses or chunks the body now and then, saying so (or not) in the headers.</summary>
    private byte[] Encode(byte[] body, List<KeyValuePair<string, string>> headers)
    {
        switch (values.Next(40))
        {
            case 0:
                headers.Add(Pair("Content-Encoding", "gzip"));
                return FuzzBodies.Gzip(body);
            case 1:
                headers.Add(Pair("Content-Encoding", values.Pick(["gzip", "br", "deflate", "identity", "garbage", "gzip, br"])));
                return body;
            case 2 or 3:
                headers.Add(Pair("Transfer-Encoding", "chunked"));
                return _bodies.Chunked(body);
            case 4:
                headers.Add(Pair("Transfer-Encoding", values.Pick(["chunked, gzip", "garbage", "identity"])));
                headers.Add(Pair("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return body;
            default:
                return body;
        }
    }

    private void AddOddHeaders(List<KeyValuePair<string, string>> headers)
    {
        for (var count = values.Chance(0.3) ? values.Next(1, 3) : 0; count > 0; count--)
        {
            headers.Add(values.Next(14) switch
            {
                0 => Pair("Expect", "100-continue"),
                1 => Pair("Cookie", values.Pick([$"ST={values.Value()}", "ST=a; ST=b", new string('c', 8_000) + "=1", "=;;=", ".AspNetCore.Antiforgery.x=y"])),
                2 => Pair("Accept", values.Pick(["application/json;q=garbage", "*/*", "text/html", values.Value()])),
                3 => Pair("Host", values.Pick(["evil.test", "", "127.0.0.1:1", "[::1]", "a b", new string('h', 300)])),
                4 => Pair(values.Pick(["X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded"]), values.Value()),
                5 => Pair("Origin", values.Pick(["https://evil.test", "null", values.Value()])),
                6 => Pair("Authorization", values.Pick(["Basic", "Bearer", "Basic " + new string('A', 10_000), values.Value()])),
                7 => Pair("Content-Length", values.Pick(["-1", "abc", "99999999999999999999", "0", "1, 2"])),
                8 => Pair(values.Pick(["If-Match", "If-None-Match", "If-Modified-Since", "Range"]), values.Value()),
                9 => Pair(values.Text(values.Next(1, 12)), values.Value()),
                10 => Pair("Accept-Language", values.Pick(["xx-ZZ", "*", "en;q=2", values.Value()])),
                11 => Pair("Referer", values.Value()),
                12 => Pair("X-Requested-With", "XMLHttpRequest"),
                _ => Pair("User-Agent", values.Value()),
            });
        }
    }

    private static bool IsChunked(KeyValuePair<string, string> header) => header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase);
}
