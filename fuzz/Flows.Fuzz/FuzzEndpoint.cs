namespace Flows.Fuzz;

/// <summary>How an endpoint takes its input.</summary>
public enum BodyKind
{
    /// <summary>Parameters in the query string.</summary>
    Query,

    /// <summary>An application/x-www-form-urlencoded body.</summary>
    Form,

    /// <summary>A JSON body, of the media type the endpoint names.</summary>
    Json,
}

/// <summary>
/// One endpoint as a well-behaved client calls it: method, path, parameters (query or form) or JSON body, and the
/// headers that get it past the first checks. The generator starts from this and breaks things.
/// </summary>
public sealed record FuzzEndpoint(string Name, string Method, BodyKind Body, Func<FuzzContext, string> Path)
{
    /// <summary>The parameters: query for <see cref="BodyKind.Query"/>, fields for <see cref="BodyKind.Form"/>.</summary>
    public Func<FuzzContext, List<KeyValuePair<string, string>>> Fields { get; init; } = _ => [];

    public Func<FuzzContext, List<KeyValuePair<string, string>>> Headers { get; init; } = _ => [];

    /// <summary>The methods it may be called with instead of its own; a read of a resource other endpoints need never deletes it.</summary>
    public IReadOnlyList<string> OtherMethods { get; init; } = AnyMethod;

    public static readonly string[] AnyMethod = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "get", "M-SEARCH"];

    public static readonly string[] SafeMethod = ["GET", "HEAD", "OPTIONS", "TRACE", "FOO", "get"];

    /// <summary>The JSON body of a <see cref="BodyKind.Json"/> endpoint, and its media type.</summary>
    public Func<FuzzContext, string> Json { get; init; } = _ => "{}";

    public Func<FuzzContext, string> ContentType { get; init; } = context => context.Endpoint.Body switch
    {
        BodyKind.Form => FormContentType,
        BodyKind.Json => "application/json",
        _ => "",
    };

    public const string FormContentType = "application/x-www-form-urlencoded";
}

/// <summary>What an endpoint's builders draw from: the target, the live material and the worker's random values.</summary>
public sealed record FuzzContext(FuzzTarget Target, FuzzMaterial Material, FuzzValues Values, FuzzEndpoint Endpoint)
{
    public string Env => Target.Environment;

    public static KeyValuePair<string, string> Pair(string name, string value) => KeyValuePair.Create(name, value);
}
