namespace Flows.AuthServer.Retention;

/// <summary>Registers the retention purge and its schedule, with <see cref="RetentionOptions"/> from configuration.</summary>
public static class RetentionRegistration
{
    public static IServiceCollection AddFlowsRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(Positive, $"{RetentionOptions.Section}: every retention and the interval must be longer than zero.")
            .ValidateOnStart();
        services.AddScoped<RetentionPurge>();
        services.AddHostedService<RetentionSweeper>();
        return services;
    }

    private static bool Positive(RetentionOptions options) =>
        options.FlowInstances > TimeSpan.Zero && options.Sessions > TimeSpan.Zero
        && options.Tokens > TimeSpan.Zero && options.Interval > TimeSpan.Zero;
}
