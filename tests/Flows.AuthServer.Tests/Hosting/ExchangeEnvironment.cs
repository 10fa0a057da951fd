namespace Flows.AuthServer.Tests.Hosting;

/// <summary>The applications and users of <c>environments/exchange.json</c>: token exchange (RFC 8693).</summary>
public static class ExchangeEnvironment
{
    public const string File = "exchange.json";
    public const string Id = "exchange";

    /// <summary>The application users sign in to; its access tokens are the subject tokens.</summary>
    public const string ShopClientId = "shop";
    public const string ShopSecret = "shop-secret-for-tests-only";
    public const string ShopRedirect = "https://shop.test/callback";

    /// <summary>A service granted token exchange, with the openid and profile scopes only.</summary>
    public const string OrdersClientId = "orders";
    public const string OrdersSecret = "orders-secret-for-tests-only";

    /// <summary>A service not granted token exchange.</summary>
    public const string BillingClientId = "billing";
    public const string BillingSecret = "billing-secret-for-tests-only";

    public const string Erin = "erin";
    public const string ErinPassword = "erin-password-1";

    public const string Frank = "frank";
    public const string FrankPassword = "frank-password-1";

    public const string GrantType = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    public const string IdTokenType = "urn:ietf:params:oauth:token-type:id_token";

    public static string Path(string endpoint) => $"/{Id}/as/{endpoint}";
}
