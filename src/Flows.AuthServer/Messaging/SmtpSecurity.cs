namespace Flows.AuthServer.Messaging;

/// <summary>How the connection to an SMTP server is secured, as settings name it.</summary>
public static class SmtpSecurity
{
    /// <summary>Plain text: only for a relay beside the server.</summary>
    public const string None = "None";

    /// <summary>Upgraded with STARTTLS (RFC 3207), required: a server that does not offer it is refused. Port 587.</summary>
    public const string StartTls = "StartTls";

    /// <summary>TLS from the first byte (RFC 8314 §3.3, "implicit TLS"). Port 465.</summary>
    public const string SslOnConnect = "SslOnConnect";

    /// <summary>What settings that name none get.</summary>
    public const string Default = StartTls;

    public static IReadOnlyList<string> All { get; } = [None, StartTls, SslOnConnect];

    /// <summary>How a form names <paramref name="security"/>.</summary>
    public static string LabelOf(string security) => security switch
    {
        None => "None (a local relay only)",
        StartTls => "STARTTLS",
        SslOnConnect => "TLS on connect",
        _ => security,
    };
}
