using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Flows.Fuzz;

/// <summary>
/// One HTTP/1.1 request as it goes on the wire: any method and target, any header (repeated, malformed) and any body,
/// which an <see cref="HttpClient"/> would refuse or normalize.
/// </summary>
public sealed record RawRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>Declares more body than it sends, then ends the stream: a body cut short.</summary>
    public bool CutShort { get; init; }

    /// <summary>The request line and headers, for a report; the body only by its length.</summary>
    public string Describe() =>
        $"{Method} {Shorten(Target)} [{string.Join("; ", Headers.Select(header => $"{header.Key}: {Shorten(header.Value)}"))}] body {Body.Length} bytes{(CutShort ? " (cut short)" : "")}";

    private static string Shorten(string text) => text.Length <= 160 ? text : $"{text[..160]}…({text.Length})";
}

/// <summary>The status, headers and (de-chunked) body of a response.</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value);

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>Sends a <see cref="RawRequest"/> over its own connection (Connection: close) and reads the whole response.</summary>
public static class RawHttp
{
    public static async Task<RawResponse?> SendAsync(IPEndPoint server, RawRequest request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server, deadline.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await stream.WriteAsync(Head(server, request), deadline.Token);
            await stream.WriteAsync(request.Body, deadline.Token);
            if (request.CutShort)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything: its answer is still there to read.
        }

        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, deadline.Token);
        }
        catch (IOException)
        {
            // A reset after the response: keep what arrived.
        }

        return Parse(received.ToArray());
    }

    private static byte[] Head(IPEndPoint server, RawRequest request)
    {
        var head = new StringBuilder($"{request.Method} {request.Target} HTTP/1.1\r\n");
        var names = request.Headers.Select(header => header.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!names.Contains("Host"))
        {
            head.Append($"Host: {server}\r\n");
        }

        foreach (var (name, value) in request.Headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        if (!names.Contains("Content-Length") && !names.Contains("Transfer-Encoding") && (request.Body.Length > 0 || request.CutShort))
        {
            head.Append($"Content-Length: {request.Body.Length + (request.CutShort ? 16 : 0)}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    /// <summary>The final response: an interim one (100 Continue) is followed by the real answer.</summary>
    private static RawResponse? Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], out var status))
        {
            return null;
        }

        if (status is >= 100 and < 200 and not 101)
        {
            return Parse(bytes[(end + 4)..]);
        }

        var headers = lines.Skip(1).Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => KeyValuePair.Create(parts[0].Trim(), parts[1].Trim()))
            .ToList();
        var body = bytes[(end + 4)..];
        var chunked = headers.Any(header => header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                                            && header.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        return new RawResponse(status, headers, chunked ? Dechunk(body) : body);
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0 || !int.TryParse(Encoding.Latin1.GetString(body, position, lineEnd).Split(';')[0],
                    System.Globalization.NumberStyles.HexNumber, null, out var size) || size == 0)
            {
                break;
            }

            position += lineEnd + 2;
            output.Write(body, position, Math.Min(size, body.Length - position));
            position += size + 2;
        }

        return output.ToArray();
    }
}
