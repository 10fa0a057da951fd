using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Engine.Instances;
using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Flows.Bench.Instances;

/// <summary>
/// Fills the store with instances as a busy environment would have them: mostly completed sign-ins, some
/// waiting, expired, failed or cancelled; a few applications taking most of the traffic; many users; the
/// two shipped flows, each with versions published along the way. Deterministic: the same seed, the same rows.
/// With <c>only</c>, every instance has that status (e.g. 10,000 waiting sign-ins for the operator console); with
/// <c>firstVersionOnly</c>, every instance runs version 1 of password-then-otp (one funnel over all of them).
/// </summary>
internal sealed class InstanceSeeder(int count, int days, DateTimeOffset now, FlowInstanceStatus? only = null, bool firstVersionOnly = false)
{
    /// <summary>The flow whose version 1 every instance runs with <c>firstVersionOnly</c>.</summary>
    public const string FunnelFlow = "password-then-otp";

    public const string Environment = "bench";
    public const int Applications = 12;
    public const int Users = 20_000;

    private const int Chunk = 2_000;
    private static readonly string[] Definitions = ["password-then-otp", "username-password"];

    private readonly Random _random = new(42);

    /// <summary>The name of application <paramref name="rank"/> (1 = the busiest).</summary>
    public static string Application(int rank) => $"app-{rank:D2}";

    /// <summary>Inserts the instances, their journals and the funnel counts the store keeps of them in chunks, each in one transaction.</summary>
    public async Task SeedAsync(IDbContextFactory<FlowsDbContext> contexts)
    {
        var watch = Stopwatch.StartNew();
        for (var done = 0; done < count; done += Chunk)
        {
            await using var db = await contexts.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var tally = new FlowFunnelTally();
            for (var i = done; i < Math.Min(count, done + Chunk); i++)
            {
                var (instance, journal) = Next();
                db.Instances.Add(instance);
                db.Journal.AddRange(journal);
                tally.CountSteps(FlowRunPosition.Of(instance), journal);
                tally.Move(from: null, FlowRunPosition.Of(instance));
            }

            await db.SaveChangesAsync();
            await FlowFunnelCounter.AddAsync(db, tally);
            await transaction.CommitAsync();
            if ((done / Chunk) % 10 == 9)
            {
                Console.Error.WriteLine($"  {done + Chunk:N0} instances stored ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }
    }

    private (FlowInstance Instance, List<FlowJournalEntry> Journal) Next()
    {
        var createdAt = now - TimeSpan.FromSeconds(_random.NextDouble() * days * 86_400);
        var status = only ?? Pick((FlowInstanceStatus.Completed, 62), (FlowInstanceStatus.Suspended, 12), (FlowInstanceStatus.Expired, 14),
            (FlowInstanceStatus.Failed, 8), (FlowInstanceStatus.Cancelled, 4));
        var definition = firstVersionOnly || _random.Next(100) < 60 ? Definitions[0] : Definitions[1];
        // A version was published every few days: the older the instance, the older its version.
        var age = (now - createdAt).TotalDays / days;
        var version = firstVersionOnly || age > 0.75 ? 1 : age > 0.45 ? 2 : age > 0.15 ? 3 : 4;
        var application = Application(Zipf(Applications));
        var user = $"user-{Zipf(Users):D5}";
        var atOtp = definition == Definitions[0] && _random.Next(100) < 60;
        var identified = status is FlowInstanceStatus.Completed or FlowInstanceStatus.Failed || atOtp;

        var id = FlowInstanceIds.New();
        var journal = new List<FlowJournalEntry>();
        var clock = createdAt;
        void Step(string node, string type, string? action, FlowStepResult result, string? outcome = null, string? error = null)
        {
            journal.Add(new FlowJournalEntry
            {
                InstanceId = id, NodeId = node, ActivityType = type, Action = action, Result = result, Outcome = outcome, ErrorCode = error,
                StartedAt = clock, DurationMicroseconds = 40 + _random.Next(400),
            });
            clock += TimeSpan.FromMilliseconds(action is null ? 1 : 2_000 + _random.Next(20_000));
        }

        Step("password", "AskForUsernamePassword", null, FlowStepResult.Suspended);
        string? node = "password";
        FlowPrompt? prompt = null;
        FlowError? error = null;
        if (status == FlowInstanceStatus.Failed)
        {
            Step("password", "AskForUsernamePassword", "usernamePassword.check", FlowStepResult.Suspended, error: "INVALID_CREDENTIALS");
            Step("password", "AskForUsernamePassword", "usernamePassword.check", FlowStepResult.Outcome, "lockedOut");
            Step(node = "lockedOut", "Deny", null, FlowStepResult.Failed, error: "ACCOUNT_LOCKED");
            error = new FlowError("ACCOUNT_LOCKED", "Too many failed attempts. Try again later.");
        }
        else if (status == FlowInstanceStatus.Completed || atOtp)
        {
            Step("password", "AskForUsernamePassword", "usernamePassword.check", FlowStepResult.Outcome, "success");
            if (definition == Definitions[0])
            {
                Step("hasMfaDevice", "CheckUser", null, FlowStepResult.Outcome, "yes");
                Step(node = "otp", "AskForOtp", null, FlowStepResult.Suspended);
                if (status == FlowInstanceStatus.Completed)
                {
                    Step("otp", "AskForOtp", "otp.check", FlowStepResult.Outcome, "success");
                    Step(node = "signInWithMfa", "SignIn", null, FlowStepResult.Completed);
                }
            }
            else
            {
                Step(node = "signIn", "SignIn", null, FlowStepResult.Completed);
            }
        }

        if (status == FlowInstanceStatus.Suspended)
        {
            prompt = node == "otp"
                ? new FlowPrompt("OTP_REQUIRED", ["otp.check"], new JsonObject { ["remainingAttempts"] = 3 })
                : new FlowPrompt("USERNAME_PASSWORD_REQUIRED", ["usernamePassword.check", "password.forgot"]);
        }

        var state = new FlowState { Variables = new() { ["loginHint"] = JsonSerializer.SerializeToElement($"{user}@example.test") } };
        if (identified)
        {
            state.UserId = user;
            state.Username = $"{user}@example.test";
            state.AddAuthenticationMethod("pwd");
        }

        if (status == FlowInstanceStatus.Completed)
        {
            state.AuthenticatedAt = clock;
            if (node == "signInWithMfa")
            {
                state.AddAuthenticationMethod("otp");
                state.AddAuthenticationMethod("mfa");
            }
        }

        var instance = new FlowInstance
        {
            Id = id,
            EnvironmentId = Environment,
            DefinitionId = definition,
            DefinitionVersion = version,
            ApplicationId = application,
            UserId = state.UserId,
            Status = status,
            CurrentNodeId = node,
            Prompt = prompt,
            State = state,
            Error = status == FlowInstanceStatus.Cancelled ? new FlowError("FLOW_CANCELLED", "This sign-in cannot continue.") : error,
            SessionTokenHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
            Request = RequestOf(application, id),
            CreatedAt = createdAt,
            UpdatedAt = clock,
            // Waiting instances wait long here (as with a generous idle timeout), so the server's expiry sweep
            // leaves them be and the status filter has thousands to page through.
            ExpiresAt = status == FlowInstanceStatus.Suspended ? now + TimeSpan.FromDays(30) : clock + TimeSpan.FromMinutes(15),
            Revision = journal.Count(e => e.Action is not null) + 1,
        };
        return (instance, journal);
    }

    /// <summary>An authorization request about the size the server stores (it is part of the row the list reads).</summary>
    private static string RequestOf(string application, string id) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["response_type"] = "code",
        ["client_id"] = application,
        ["redirect_uri"] = $"https://{application}.example.test/callback",
        ["scope"] = "openid profile email offline_access",
        ["state"] = id[..16],
        ["nonce"] = id[16..],
        ["code_challenge"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
        ["code_challenge_method"] = "S256",
    });

    private T Pick<T>(params (T Value, int Weight)[] choices)
    {
        var roll = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    /// <summary>A rank from 1 to <paramref name="n"/>, rank r about 1/r as likely as rank 1 (a few hot, a long tail).</summary>
    private int Zipf(int n) => Math.Min(n, (int)Math.Floor(Math.Exp(_random.NextDouble() * Math.Log(n + 1))));
}
