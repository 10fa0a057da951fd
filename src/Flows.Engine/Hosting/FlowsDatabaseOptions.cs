namespace Flows.Engine.Hosting;

/// <summary>Which database holds flows: configuration section <c>Flows:Database</c>.</summary>
public sealed class FlowsDatabaseOptions
{
    public const string Section = "Flows:Database";

    /// <summary><c>Sqlite</c> (default) or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = FlowsDatabaseProviders.Sqlite;

    public string ConnectionString { get; set; } = "Data Source=flows.db";
}

/// <summary>The database providers the engine has migrations for.</summary>
public static class FlowsDatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";
}
