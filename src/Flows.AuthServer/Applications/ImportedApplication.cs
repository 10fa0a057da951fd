namespace Flows.AuthServer.Applications;

/// <summary>A created application, with its client secret when one was generated.</summary>
public sealed record ImportedApplication(string ClientId, string ClientType, string? GeneratedSecret);
