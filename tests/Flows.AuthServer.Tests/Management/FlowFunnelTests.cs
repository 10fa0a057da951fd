using System.Net;
using Flows.AuthServer.Management;
using Flows.Engine.Instances;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>GET /v1/environments/{env}/flows/{flowId}/funnel: a version's runs in a period, counted per node and edge from their journals.</summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowFunnelTests(ManagementServerFixture server)
{
    private const string Flow = "password-then-otp";
    private const string Funnel = $"/v1/environments/{Id}/flows/{Flow}/funnel";

    private readonly HttpClient _http = server.CreateRawClient();

    // A period of its own, long ago, so the runs other tests start never fall in it.
    private readonly DateTimeOffset _from = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Random.Shared.Next(1, 100_000));

    private ManagementApi Api => new(_http);

    private string Period => $"from={Uri.EscapeDataString(_from.ToString("O"))}&to={Uri.EscapeDataString(_from.AddHours(1).ToString("O"))}";

    [Fact]
    public async Task The_funnel_counts_each_node_s_entries_and_exits_and_each_edge_s_runs_in_the_period()
    {
        await SeedAsync();

        var response = await Api.GetAsync($"{Funnel}?version=1&{Period}", await Api.TokenAsync("flows.read"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(7, response.Body["runs"]!.GetValue<int>());
        var nodes = response.Body["nodes"]!.AsArray().ToDictionary(node => node!["nodeId"]!.GetValue<string>(), node => node!.AsObject());
        int Count(string node, string field) => nodes[node][field]!.GetValue<int>();
        int Outcome(string node, string outcome) => nodes[node]["outcomes"]![outcome]?.GetValue<int>() ?? 0;

        Assert.Equal((7, 5, 1, 1), (Count("password", "entered"), Outcome("password", "success"), Outcome("password", "lockedOut"), Count("password", "waiting")));
        Assert.Equal((5, 5), (Count("hasMfaDevice", "entered"), Outcome("hasMfaDevice", "yes")));
        Assert.Equal((5, 3, 2), (Count("otp", "entered"), Outcome("otp", "success"), Count("otp", "abandoned")));
        Assert.Equal((3, 3), (Count("signInWithMfa", "entered"), Count("signInWithMfa", "completed")));
        Assert.Equal((1, 1), (Count("lockedOut", "entered"), Count("lockedOut", "failed")));
        Assert.Equal(0, Count("disabled", "entered"));

        var edges = response.Body["edges"]!.AsArray().ToDictionary(
            edge => $"{edge!["from"]}.{edge["outcome"]}", edge => edge!["runs"]!.GetValue<int>());
        Assert.Equal((5, 3, 1, 0), (edges["password.success"], edges["otp.success"], edges["password.lockedOut"], edges["password.disabled"]));
    }

    [Fact]
    public async Task Runs_created_outside_the_period_are_not_counted()
    {
        await SeedAsync();
        var later = $"from={Uri.EscapeDataString(_from.AddHours(2).ToString("O"))}&to={Uri.EscapeDataString(_from.AddHours(3).ToString("O"))}";

        var response = await Api.GetAsync($"{Funnel}?version=1&{later}", await Api.TokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(0, response.Body["runs"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("", "version")]
    [InlineData("version=abc", "version")]
    [InlineData("version=0", "version")]
    [InlineData("version=1&from=yesterday", "from")]
    [InlineData("version=1&to=2001-13-45", "to")]
    [InlineData("version=1&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task Bad_parameters_are_400_naming_the_field(string query, string field)
    {
        var response = await Api.GetAsync($"{Funnel}?{query}", await Api.TokenAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(field, response.ErrorFields);
    }

    [Fact]
    public async Task An_unknown_flow_or_version_is_404_and_no_token_is_401()
    {
        var token = await Api.TokenAsync();

        var unknownFlow = await Api.GetAsync($"/v1/environments/{Id}/flows/no-such-flow/funnel?version=1", token);
        var unknownVersion = await Api.GetAsync($"{Funnel}?version=999", token);
        var anonymous = await Api.GetAsync($"{Funnel}?version=1", token: null);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (unknownFlow.Status, unknownVersion.Status));
        Assert.Equal((HttpStatusCode.Unauthorized, ManagementProblems.Unauthorized), (anonymous.Status, anonymous.Code));
    }

    /// <summary>
    /// Seven runs of version 1 in the period — three through the one-time password to the end (one after a wrong code), two
    /// abandoned at it, one locked out, one still at the password — and two that must not count: one before the period, one
    /// of another flow.
    /// </summary>
    private async Task SeedAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>();
        await RunAsync(store, FlowInstanceStatus.Completed, "signInWithMfa", [PasswordOk, Mfa, Otp, WrongOtp, OtpOk, Done("signInWithMfa")]);
        for (var i = 0; i < 2; i++)
        {
            await RunAsync(store, FlowInstanceStatus.Completed, "signInWithMfa", [PasswordOk, Mfa, Otp, OtpOk, Done("signInWithMfa")]);
            await RunAsync(store, FlowInstanceStatus.Expired, "otp", [PasswordOk, Mfa, Otp]);
        }

        await RunAsync(store, FlowInstanceStatus.Failed, "lockedOut",
            [Step("password", "usernamePassword.check", FlowStepResult.Outcome, "lockedOut"), Step("lockedOut", null, FlowStepResult.Failed)]);
        await RunAsync(store, FlowInstanceStatus.Suspended, "password", []);
        await RunAsync(store, FlowInstanceStatus.Completed, "signInWithMfa", [PasswordOk, Mfa, Otp, OtpOk, Done("signInWithMfa")], createdAt: _from.AddMinutes(-5));
        await RunAsync(store, FlowInstanceStatus.Completed, "signIn", [PasswordOk, Done("signIn")], flow: "username-password");
    }

    private static readonly Func<string, FlowJournalEntry> PasswordOk = Step("password", "usernamePassword.check", FlowStepResult.Outcome, "success");
    private static readonly Func<string, FlowJournalEntry> Mfa = Step("hasMfaDevice", null, FlowStepResult.Outcome, "yes");
    private static readonly Func<string, FlowJournalEntry> Otp = Step("otp", null, FlowStepResult.Suspended);
    private static readonly Func<string, FlowJournalEntry> WrongOtp = Step("otp", "otp.check", FlowStepResult.Suspended);
    private static readonly Func<string, FlowJournalEntry> OtpOk = Step("otp", "otp.check", FlowStepResult.Outcome, "success");

    private static Func<string, FlowJournalEntry> Done(string node) => Step(node, null, FlowStepResult.Completed);

    private static Func<string, FlowJournalEntry> Step(string node, string? action, FlowStepResult result, string? outcome = null) => id => new FlowJournalEntry
    {
        InstanceId = id, NodeId = node, ActivityType = "Seeded", Action = action, Result = result, Outcome = outcome, StartedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>Stores one run: it entered the password step, then took <paramref name="steps"/>.</summary>
    private async Task RunAsync(
        IFlowInstanceStore store, FlowInstanceStatus status, string at, Func<string, FlowJournalEntry>[] steps, DateTimeOffset? createdAt = null, string flow = Flow)
    {
        var id = FlowInstanceIds.New();
        var journal = new List<FlowJournalEntry> { Step("password", null, FlowStepResult.Suspended)(id) };
        journal.AddRange(steps.Select(step => step(id)));
        var created = createdAt ?? _from.AddMinutes(1 + journal.Count);
        await store.CreateAsync(new FlowInstance
        {
            Id = id,
            EnvironmentId = Id,
            DefinitionId = flow,
            DefinitionVersion = 1,
            Status = status,
            CurrentNodeId = at,
            CreatedAt = created,
            UpdatedAt = created,

            // Far ahead, so neither the expiry sweep nor the retention purge touches the seeded runs.
            ExpiresAt = DateTimeOffset.UtcNow.AddYears(1),
            Revision = 1,
        }, journal, CancellationToken.None);
    }
}
