using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Flows.Fuzz;

/// <summary>
/// Bodies, as bytes: forms with now and then one of the classes that broke form readers (over 1,024 fields, keys
/// over 2,048 bytes, NUL in keys or values, invalid UTF-8, broken escapes, a value over 4 MB), JSON bent out of shape,
/// multipart, and the transfer encodings (gzip, chunked).
/// </summary>
public sealed class FuzzBodies(FuzzValues values)
{
    public byte[] Form(IReadOnlyList<KeyValuePair<string, string>> fields, Encoding encoding)
    {
        var text = string.Join('&', fields.Select(field => $"{values.Encode(field.Key)}={values.Encode(field.Value)}"));
        var body = encoding.GetBytes(text);
        return values.Next(40) switch
        {
            0 => Join(body, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 1_025 + values.Next(500)).Select(i => $"&f{i}=1")))),
            1 => Join(body, Encoding.ASCII.GetBytes($"&{new string('k', 2_049 + values.Next(4_000))}=1")),
            2 => Join(body, "&a%00b=1"u8.ToArray()),
            3 => Join(body, "&a=b%00c"u8.ToArray()),
            4 => Join(body, "&a\0b=c\0d"u8.ToArray()),
            5 => Join(body, [(byte)'&', (byte)'a', (byte)'=', 0xC3, 0x28, 0xFF, 0xFE]),
            6 => Join(body, "&a=%FF%FE%C0%AF&%ZZ=%"u8.ToArray()),
            7 => Join(body, "&&&==&=&"u8.ToArray()),
            8 => values.Bytes(values.Next(1, 2_000)),
            9 when values.Chance(0.05) => Join(body, Encoding.ASCII.GetBytes("&big=" + new string('v', 4 * 1024 * 1024 + 1))),
            _ => body,
        };
    }

    public byte[] Json(string template, Encoding encoding)
    {
        var text = values.Chance(0.6) ? Bend(template) : template;
        var body = encoding.GetBytes(text);
        return values.Next(20) switch
        {
            0 => body[..values.Next(body.Length + 1)],
            1 => Join(body, values.Bytes(values.Next(1, 8))),
            2 => Join([0xEF, 0xBB, 0xBF], body),
            3 => values.Bytes(values.Next(1, 500)),
            4 => Encoding.UTF8.GetBytes(new string('[', 100 + values.Next(2_000))),
            5 => Encoding.UTF8.GetBytes($$"""{"username":"{{new string('u', 17_000)}}","password":"x"}"""),
            _ => body,
        };
    }

    public byte[] Multipart(IReadOnlyList<KeyValuePair<string, string>> fields, string boundary)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            text.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }

        if (values.Chance(0.3))
        {
            text.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n{values.Text(100)}\r\n");
        }

        text.Append(values.Chance(0.8) ? $"--{boundary}--\r\n" : $"--{boundary}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    /// <summary>The body in chunked transfer coding (RFC 9112 §7.1), sometimes with a size that lies.</summary>
    public byte[] Chunked(byte[] body)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var size = Math.Min(body.Length - position, 1 + values.Next(4_096));
            output.Write(Encoding.ASCII.GetBytes($"{(values.Chance(0.02) ? size + 3 : size):x}\r\n"));
            output.Write(body, position, size);
            output.Write("\r\n"u8);
            position += size;
        }

        output.Write(values.Chance(0.95) ? "0\r\n\r\n"u8 : "zz\r\n\r\n"u8);
        return output.ToArray();
    }

    /// <summary>The JSON with one of its values replaced, removed or added, or its shape changed.</summary>
    private string Bend(string template)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(template);
        }
        catch (System.Text.Json.JsonException)
        {
            return template;
        }

        if (node is not JsonObject root || values.Chance(0.1))
        {
            return values.Pick(["[]", "null", "\"text\"", "42", "[{}]", "{\"a\":{\"b\":{\"c\":[]}}}", template + "}", "{" + template]);
        }

        var names = root.Select(property => property.Key).ToList();
        switch (values.Next(4))
        {
            case 0 when names.Count > 0:
                root.Remove(values.Pick(names));
                break;
            case 1 when names.Count > 0:
                root[values.Pick(names)] = RandomNode(depth: 0);
                break;
            default:
                root[values.Chance(0.5) ? values.Pick(FuzzValues.ParameterNames) : values.Text(8)] = RandomNode(depth: 0);
                break;
        }

        return root.ToJsonString();
    }

    private JsonNode? RandomNode(int depth) => values.Next(depth > 3 ? 4 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(values.Value()),
        2 => JsonValue.Create(values.Pick([0L, -1L, long.MaxValue, long.MinValue, 1L << 53])),
        3 => JsonValue.Create(values.Chance(0.5)),
        4 => new JsonArray(RandomNode(depth + 1), RandomNode(depth + 1)),
        5 => new JsonObject { [values.Text(4)] = RandomNode(depth + 1) },
        _ => JsonValue.Create(1e308 * (values.Chance(0.5) ? 1 : -1)),
    };

    private static byte[] Join(byte[] first, byte[] second) => [.. first, .. second];
}
