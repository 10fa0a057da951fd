namespace Flows.AuthServer.Protocol.Exchange;

/// <summary>The error descriptions of refused token exchanges, in one place.</summary>
public static class TokenExchangeErrors
{
    public const string NoUser = "The subject token does not stand for a user who can sign in.";

    public const string BroaderScope = "The requested scope is broader than the subject token's.";
}
