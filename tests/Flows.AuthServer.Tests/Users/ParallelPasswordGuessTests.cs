using System.Net;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Users;

/// <summary>
/// Guesses sent at once from many flows: the lockout counts each before its password is verified, so no more
/// are verified than the limit allows, on SQLite and on PostgreSQL.
/// </summary>
public abstract class ParallelPasswordGuessTests(GuessingServerFixture server)
{
    private const int ParallelGuesses = 50;

    [Fact]
    public async Task Fifty_wrong_passwords_from_fifty_flows_at_once_verify_at_most_the_limit_and_the_right_one_is_then_refused()
    {
        var user = await server.CreateUserAsync("race");
        var browsers = Enumerable.Range(0, ParallelGuesses).Select(_ => new Browser(server.BaseAddress)).ToList();
        var flows = new List<string>();
        foreach (var browser in browsers)
        {
            flows.Add(await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New())));
        }

        var guesses = await Task.WhenAll(browsers.Select((browser, i) =>
            browser.ActAsync(flows[i], FlowAnswers.UsernamePassword(user.Username, $"wrong-guess-{i}"))));
        var verifiedGuesses = server.Hasher.VerificationsOf(user.Id);
        using var owner = new Browser(server.BaseAddress);
        var ownerFlow = await SignIn.StartAsync(owner, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var (_, right) = await owner.ActAsync(ownerFlow, FlowAnswers.UsernamePassword(user.Username, GuessingServerFixture.PasswordOf(user.Username)));

        Assert.All(guesses, guess => Assert.Equal(HttpStatusCode.OK, guess.Status));
        Assert.InRange(verifiedGuesses, 1, GuessingServerFixture.MaxFailedAttempts);
        Assert.Equal(verifiedGuesses, server.Hasher.VerificationsOf(user.Id));
        Assert.NotEqual(FlowStatuses.Completed, right["status"]!.GetValue<string>());
        Assert.Null(right["resumeUrl"]);
        browsers.ForEach(browser => browser.Dispose());
    }
}

/// <summary>The parallel guesses on the default SQLite database.</summary>
public sealed class ParallelPasswordGuessOnSqliteTests(GuessingServerFixture server)
    : ParallelPasswordGuessTests(server), IClassFixture<GuessingServerFixture>;

/// <summary>The parallel guesses on PostgreSQL (scripts/test.sh starts one).</summary>
public sealed class ParallelPasswordGuessOnPostgreSqlTests(ParallelPasswordGuessOnPostgreSqlTests.Server server)
    : ParallelPasswordGuessTests(server.Fixture), IClassFixture<ParallelPasswordGuessOnPostgreSqlTests.Server>
{
    /// <summary>A guessing server on a throw-away PostgreSQL database of its own.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private TestDatabase _database = null!;

        public GuessingServerFixture Fixture { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.PostgreSqlAsync();
            Fixture = new OnPostgreSql(_database.Options.ConnectionString);
            await ((IAsyncLifetime)Fixture).InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await ((IAsyncLifetime)Fixture).DisposeAsync();
            await _database.DisposeAsync();
        }

        private sealed class OnPostgreSql(string connectionString) : GuessingServerFixture
        {
            protected override string? PostgreSqlConnectionString => connectionString;
        }
    }
}
