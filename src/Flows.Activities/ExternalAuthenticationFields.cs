namespace Flows.Activities;

/// <summary>
/// What the server's callback tells <see cref="SignInWithIdentityProvider"/> (action <see cref="FlowActions.Authenticate"/>),
/// and what its prompt carries: the provider, whether to go there at once, and the attempt the callback must name.
/// </summary>
public static class ExternalAuthenticationFields
{
    /// <summary>The prompt's provider: <c>{id, name}</c>.</summary>
    public const string Provider = "provider";

    public const string Id = "id";

    public const string Name = "name";

    /// <summary>Whether a hosted page sends the browser to the provider at once instead of showing a button.</summary>
    public const string RedirectImmediately = "redirectImmediately";

    /// <summary>A random value per wait: the callback must bring back the one of the current wait (no replay after a restart).</summary>
    public const string Attempt = "attempt";

    /// <summary>The provider's error (e.g. <c>access_denied</c>), when it did not authenticate the user.</summary>
    public const string Error = "error";

    /// <summary>The upstream identity: <c>{subject, email, emailVerified, claims, amr}</c>.</summary>
    public const string Identity = "identity";
}
