namespace Flows.Activities.Users;

/// <summary>The consents users gave to applications, as the server remembers them.</summary>
public interface IConsentGrants
{
    /// <summary>Whether the user allowed the application every one of <paramref name="scopes"/> and has not revoked it.</summary>
    Task<bool> CoversAsync(string environmentId, string clientId, string userId, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken);
}
