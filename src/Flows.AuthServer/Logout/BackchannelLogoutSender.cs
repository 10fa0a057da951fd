namespace Flows.AuthServer.Logout;

/// <summary>
/// POSTs one logout token to an application as the form field <c>logout_token</c> (Back-Channel Logout 1.0 §2.5) and
/// tells whether it was taken: a 2xx answer (§2.8). Redirects are not followed; the resilience pipeline bounds the time.
/// </summary>
public sealed class BackchannelLogoutSender(IHttpClientFactory clients)
{
    public const string ClientName = "Flows.BackchannelLogout";

    public const string TokenField = "logout_token";

    public async Task<DeliveryOutcome> SendAsync(string uri, string logoutToken, CancellationToken cancellationToken)
    {
        using var client = clients.CreateClient(ClientName);
        using var content = new FormUrlEncodedContent([new(TokenField, logoutToken)]);
        try
        {
            using var response = await client.PostAsync(uri, content, cancellationToken);
            return new DeliveryOutcome(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The kind of failure only: an exception's message may quote the address, which may carry a secret.
            return new DeliveryOutcome(false, exception.GetType().Name);
        }
    }
}

/// <summary>Whether a logout token was taken, and what answered: a status code or the kind of failure, never a secret.</summary>
public sealed record DeliveryOutcome(bool Delivered, string Result);
