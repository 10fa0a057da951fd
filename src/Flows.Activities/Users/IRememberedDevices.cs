namespace Flows.Activities.Users;

/// <summary>
/// The browsers a user asked to be remembered on after a second factor. The server keeps a hash of each one's random
/// id and reads and writes the browser's cookie; a flow only asks and tells.
/// </summary>
public interface IRememberedDevices
{
    /// <summary>Whether the browser of this request carries an unexpired, unrevoked remembered device of the user.</summary>
    Task<bool> IsRememberedAsync(string environmentId, string userId, CancellationToken cancellationToken);

    /// <summary>Remembers the browser of this request for the user, for <paramref name="lifetime"/>.</summary>
    Task RememberAsync(string environmentId, string userId, TimeSpan lifetime, CancellationToken cancellationToken);
}
