namespace Flows.Activities.Users;

/// <summary>The users' MFA recovery codes: single-use, stored only as hashes.</summary>
public interface IRecoveryCodes
{
    /// <summary>Whether the user has a code left.</summary>
    Task<bool> HasAnyAsync(string environmentId, string userId, CancellationToken cancellationToken);

    /// <summary>Replaces the user's codes with new ones, returned once in clear; none of the old ones works after.</summary>
    Task<IReadOnlyList<string>> RegenerateAsync(string environmentId, string userId, CancellationToken cancellationToken);

    /// <summary>Uses up the code if it is one of the user's unused codes; of two redemptions of one code, one wins.</summary>
    Task<bool> TryRedeemAsync(string environmentId, string userId, string code, CancellationToken cancellationToken);
}
