namespace Flows.AuthServer.TryIt;

/// <summary>The token endpoint's answer to the try-it client's code.</summary>
public sealed record TryItTokens(string IdToken, string AccessToken, string? RefreshToken, string? Scope);
