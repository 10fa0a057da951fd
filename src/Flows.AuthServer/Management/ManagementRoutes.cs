namespace Flows.AuthServer.Management;

/// <summary>Where the management API lives; <c>v1</c> is a reserved first segment, never an environment id.</summary>
public static class ManagementRoutes
{
    public const string Root = "/v1";

    /// <summary>Routes inside the <see cref="Root"/> group.</summary>
    public const string Environments = "/environments";

    /// <summary>The route of one environment, and the prefix of everything inside it.</summary>
    public const string Environment = Environments + "/{env}";

    /// <summary>The collections inside an environment.</summary>
    public const string Applications = "/applications";
    public const string Users = "/users";
    public const string FlowInstances = "/flowInstances";
    public const string SigningKeys = "/signingKeys";

    /// <summary>The absolute path of one environment, for Location headers.</summary>
    public static string EnvironmentPath(string environmentId) => $"{Root}{Environments}/{Uri.EscapeDataString(environmentId)}";

    /// <summary>The absolute path of one user, for Location headers.</summary>
    public static string UserPath(string environmentId, string userId) =>
        $"{EnvironmentPath(environmentId)}{Users}/{Uri.EscapeDataString(userId)}";

    /// <summary>The absolute path of one application, for Location headers.</summary>
    public static string ApplicationPath(string environmentId, string clientId) =>
        $"{EnvironmentPath(environmentId)}{Applications}/{Uri.EscapeDataString(clientId)}";
}
