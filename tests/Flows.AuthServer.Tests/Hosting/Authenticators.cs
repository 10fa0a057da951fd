using System.Collections.Concurrent;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// Each administrator's authenticator app, per server: enrolled at their first sign-in, asked for at every later one.
/// </summary>
public static class Authenticators
{
    private static readonly ConcurrentDictionary<string, TotpAuthenticator> ByUser = new();

    public static TotpAuthenticator For(Uri server, string username) => ByUser.GetOrAdd($"{server}|{username}", _ => new TotpAuthenticator());
}
