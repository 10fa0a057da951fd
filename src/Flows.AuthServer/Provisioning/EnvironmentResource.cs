using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;

namespace Flows.AuthServer.Provisioning;

/// <summary>An environment as <c>/v1/environments</c> shows it, with the issuer its tokens carry.</summary>
public sealed record EnvironmentResource(string Id, string Name, string DefaultFlow, string Issuer, DateTimeOffset CreatedAt)
{
    /// <summary>How many days a password may be used before it must be changed; null: passwords do not expire.</summary>
    public int? MaxPasswordAgeDays { get; init; }

    /// <param name="origin">Where the caller reached the server (<c>https://host</c>): the issuer is named by that address.</param>
    public static EnvironmentResource Of(EnvironmentRecord environment, string origin) => new(
        environment.Id,
        environment.Name,
        environment.DefaultFlowId,
        $"{origin}/{environment.Id}/{EnvironmentPathMiddleware.AuthorizationServerSegment}",
        environment.CreatedAt)
    {
        MaxPasswordAgeDays = environment.MaxPasswordAgeDays,
    };

    public static EnvironmentResource Of(EnvironmentRecord environment, HttpRequest request) => Of(environment, OriginOf(request));

    /// <summary>The scheme and host the request came to.</summary>
    public static string OriginOf(HttpRequest request) => FlowUrls.Absolute(request, "");
}

/// <summary>The body of <c>POST /v1/environments</c>.</summary>
public sealed record NewEnvironmentRequest(string? Id, string? Name, string? DefaultFlow)
{
    /// <summary>What a new environment's applications run unless bound to another flow: a shipped flow.</summary>
    public const string DefaultFlowId = "username-password";

    public EnvironmentFile ToFile() => new()
    {
        Id = Id ?? "",
        Name = Name ?? "",
        DefaultFlow = DefaultFlow ?? DefaultFlowId,
    };
}

/// <summary>The body of <c>PATCH /v1/environments/{env}</c>: what it names changes, what it leaves out stays.</summary>
public sealed record EnvironmentPatchRequest(string? Name, string? DefaultFlow)
{
    /// <summary>Days a password may be used; 0 turns expiry off.</summary>
    public int? MaxPasswordAgeDays { get; init; }

    /// <summary>The environment's values with this patch applied, as the checks of a new environment take them.</summary>
    public EnvironmentFile Apply(EnvironmentRecord current) => new()
    {
        Id = current.Id,
        Name = Name ?? current.Name,
        DefaultFlow = DefaultFlow ?? current.DefaultFlowId,
        MaxPasswordAgeDays = MaxPasswordAgeDays ?? current.MaxPasswordAgeDays,
    };
}
