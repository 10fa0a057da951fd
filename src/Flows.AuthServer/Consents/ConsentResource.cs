namespace Flows.AuthServer.Consents;

/// <summary>
/// A user's consent to a third-party application as <c>/v1</c> shows it: the application, every scope the user allowed
/// it, and when they last allowed it.
/// </summary>
public sealed record ConsentResource(string ClientId, string? ApplicationName, IReadOnlyList<string> Scopes, DateTimeOffset? GrantedAt);
