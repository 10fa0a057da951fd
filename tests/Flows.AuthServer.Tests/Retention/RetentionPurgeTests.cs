using Flows.AuthServer.Data;
using Flows.AuthServer.Retention;
using Flows.AuthServer.Tests.Support;
using Flows.Engine.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Tests.Retention;

/// <summary>
/// The purge with the default retention (instances and sessions 7 days, tokens 14 days): what is past it goes,
/// what is recent or still usable stays, on a clock the test sets.
/// </summary>
public sealed class RetentionPurgeTests : IAsyncLifetime
{
    private const string Environment = "test";

    private ServerServices _server = null!;
    private DateTimeOffset _now;

    public async Task InitializeAsync()
    {
        _server = await ServerServices.StartAsync();
        _server.Clock.Advance(TimeSpan.FromDays(30));
        _now = _server.Clock.GetUtcNow();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Flow_instances_past_retention_go_with_their_journal_and_recent_or_live_ones_stay()
    {
        var old = await StoreInstanceAsync(FlowInstanceStatus.Completed, expiresAt: _now - TimeSpan.FromDays(8));
        var abandoned = await StoreInstanceAsync(FlowInstanceStatus.Suspended, expiresAt: _now - TimeSpan.FromDays(8));
        var recent = await StoreInstanceAsync(FlowInstanceStatus.Failed, expiresAt: _now - TimeSpan.FromDays(1));
        var live = await StoreInstanceAsync(FlowInstanceStatus.Suspended, expiresAt: _now + TimeSpan.FromMinutes(10));

        var result = await PurgeAsync();

        Assert.Equal(2, result.FlowInstances);
        Assert.Equal(new[] { recent, live }.Order(), (await RemainingInstancesAsync([old, abandoned, recent, live])).Order());
        Assert.Empty(await JournalAsync(old));
        Assert.NotEmpty(await JournalAsync(recent));
    }

    [Fact]
    public async Task Sessions_ended_or_expired_past_retention_go_and_recent_or_live_ones_stay()
    {
        var endedLongAgo = await StoreSessionAsync(expiresAt: _now + TimeSpan.FromHours(1), endedAt: _now - TimeSpan.FromDays(8));
        var expiredLongAgo = await StoreSessionAsync(expiresAt: _now - TimeSpan.FromDays(8));
        var endedRecently = await StoreSessionAsync(expiresAt: _now + TimeSpan.FromHours(1), endedAt: _now - TimeSpan.FromDays(1));
        var expiredRecently = await StoreSessionAsync(expiresAt: _now - TimeSpan.FromDays(1));
        var live = await StoreSessionAsync(expiresAt: _now + TimeSpan.FromHours(1));

        var result = await PurgeAsync();

        Assert.Equal(2, result.Sessions);
        var remaining = await _server.InDatabaseAsync(db => db.Sessions.Select(s => s.Id).ToListAsync());
        Assert.Equal(new[] { endedRecently, expiredRecently, live }.Order(), remaining.Order());
        Assert.DoesNotContain(endedLongAgo, remaining);
        Assert.DoesNotContain(expiredLongAgo, remaining);
    }

    [Fact]
    public async Task Sent_codes_and_remembered_browsers_expired_past_retention_go_and_recent_or_live_ones_stay()
    {
        // Both belong to a user (deleting the user deletes them).
        const string userId = "retention-user";
        await _server.InDatabaseAsync(async db =>
        {
            db.Users.Add(new UserRecord { Id = userId, EnvironmentId = Environment, Username = "kept", NormalizedUsername = "KEPT" });
            return await db.SaveChangesAsync();
        });
        await _server.InDatabaseAsync(async db =>
        {
            db.SentCodes.AddRange(
                SentCode("old", userId, _now - TimeSpan.FromDays(8)), SentCode("recent", userId, _now - TimeSpan.FromMinutes(5)),
                SentCode("live", userId, _now + TimeSpan.FromMinutes(5)));
            db.RememberedDevices.AddRange(
                Remembered("old", userId, _now - TimeSpan.FromDays(8)), Remembered("recent", userId, _now - TimeSpan.FromDays(1)),
                Remembered("live", userId, _now + TimeSpan.FromDays(20)));
            return await db.SaveChangesAsync();
        });

        var result = await PurgeAsync();

        Assert.Equal((1, 1), (result.SentCodes, result.RememberedDevices));
        Assert.Equal(["live", "recent"], (await _server.InDatabaseAsync(db => db.SentCodes.Select(c => c.FlowInstanceId).ToListAsync())).Order());
        Assert.Equal(["live", "recent"], (await _server.InDatabaseAsync(db => db.RememberedDevices.Select(d => d.Id).ToListAsync())).Order());
    }

    private static SentCodeRecord SentCode(string flowId, string userId, DateTimeOffset expiresAt) => new()
    {
        EnvironmentId = Environment, FlowInstanceId = flowId, NodeId = "code", UserId = userId, CodeHash = "00", Salt = "00",
        ExpiresAt = expiresAt, CreatedAt = expiresAt - TimeSpan.FromMinutes(10),
    };

    private static RememberedDeviceRecord Remembered(string id, string userId, DateTimeOffset expiresAt) => new()
    {
        Id = id, EnvironmentId = Environment, UserId = userId, TokenHash = id, CreatedAt = expiresAt - TimeSpan.FromDays(30), ExpiresAt = expiresAt,
    };

    [Fact]
    public async Task Tokens_and_authorizations_revoked_or_expired_past_retention_go_and_valid_or_recent_ones_stay()
    {
        var longAgo = _now - TimeSpan.FromDays(20);
        var revoked = await StoreTokenAsync(longAgo, Statuses.Revoked, expiresAt: _now + TimeSpan.FromDays(10));
        var expired = await StoreTokenAsync(longAgo, Statuses.Valid, expiresAt: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var valid = await StoreTokenAsync(longAgo, Statuses.Valid, expiresAt: _now + TimeSpan.FromDays(365 * 5));
        var recentlyRedeemed = await StoreTokenAsync(_now - TimeSpan.FromDays(1), Statuses.Redeemed, expiresAt: _now + TimeSpan.FromDays(10));
        var revokedGrant = await StoreAuthorizationAsync(longAgo, Statuses.Revoked);
        var validGrant = await StoreAuthorizationAsync(longAgo, Statuses.Valid);

        var result = await PurgeAsync();

        Assert.Equal((2L, 1L), (result.Tokens, result.Authorizations));
        var tokens = await _server.InDatabaseAsync(db => db.Set<FlowsToken>().Select(t => t.Id!).ToListAsync());
        Assert.Equal(new[] { valid, recentlyRedeemed }.Order(), tokens.Order());
        Assert.DoesNotContain(revoked, tokens);
        Assert.DoesNotContain(expired, tokens);
        var grants = await _server.InDatabaseAsync(db => db.Set<FlowsAuthorization>().Select(a => a.Id!).ToListAsync());
        Assert.Equal([validGrant], grants);
        Assert.DoesNotContain(revokedGrant, grants);
    }

    [Fact]
    public async Task The_sweeper_purges_at_start_and_again_at_every_interval()
    {
        var options = _server.Services.GetRequiredService<IOptions<RetentionOptions>>();
        var first = await StoreSessionAsync(expiresAt: _now - TimeSpan.FromDays(8));
        using var sweeper = new RetentionSweeper(
            _server.Services.GetRequiredService<IServiceScopeFactory>(), options, _server.Clock, NullLogger<RetentionSweeper>.Instance);

        await sweeper.StartAsync(CancellationToken.None);
        await WaitUntilGoneAsync(first);
        var second = await StoreSessionAsync(expiresAt: _now - TimeSpan.FromDays(8));
        _server.Clock.Advance(options.Value.Interval);
        await WaitUntilGoneAsync(second);
        await sweeper.StopAsync(CancellationToken.None);
    }

    private Task<RetentionPurgeResult> PurgeAsync() =>
        _server.InScopeAsync(services => services.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None));

    private async Task<string> StoreInstanceAsync(FlowInstanceStatus status, DateTimeOffset expiresAt)
    {
        var instance = new FlowInstance
        {
            Id = FlowInstanceIds.New(),
            EnvironmentId = Environment,
            DefinitionId = "username-password",
            DefinitionVersion = 1,
            Status = status,
            CreatedAt = expiresAt - TimeSpan.FromMinutes(15),
            UpdatedAt = expiresAt - TimeSpan.FromMinutes(15),
            ExpiresAt = expiresAt,
        };
        var step = new FlowJournalEntry { InstanceId = instance.Id, Sequence = 1, NodeId = "password", ActivityType = "AskForUsernamePassword", StartedAt = instance.CreatedAt };
        await _server.InScopeAsync(services => services.GetRequiredService<IFlowInstanceStore>().CreateAsync(instance, [step], CancellationToken.None));
        return instance.Id;
    }

    private async Task<List<string>> RemainingInstancesAsync(IEnumerable<string> ids)
    {
        var remaining = new List<string>();
        foreach (var id in ids)
        {
            if (await _server.InScopeAsync(services => services.GetRequiredService<IFlowInstanceStore>().FindAsync(id, CancellationToken.None)) is not null)
            {
                remaining.Add(id);
            }
        }

        return remaining;
    }

    private Task<IReadOnlyList<FlowJournalEntry>> JournalAsync(string id) =>
        _server.InScopeAsync(services => services.GetRequiredService<IFlowInstanceStore>().GetJournalAsync(id, CancellationToken.None));

    private async Task<string> StoreSessionAsync(DateTimeOffset expiresAt, DateTimeOffset? endedAt = null)
    {
        var session = new SessionRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            EnvironmentId = Environment,
            TokenHash = Guid.NewGuid().ToString("N"),
            CreatedAt = expiresAt - TimeSpan.FromHours(8),
            ExpiresAt = expiresAt,
            EndedAt = endedAt,
        };
        await _server.InDatabaseAsync(db =>
        {
            db.Sessions.Add(session);
            return db.SaveChangesAsync();
        });
        return session.Id;
    }

    private Task<string> StoreTokenAsync(DateTimeOffset createdAt, string status, DateTimeOffset expiresAt) => _server.InScopeAsync(async services =>
    {
        var tokens = services.GetRequiredService<IOpenIddictTokenManager>();
        var token = await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            CreationDate = createdAt,
            ExpirationDate = expiresAt,
            Status = status,
            Subject = "user-1",
            Type = TokenTypeHints.RefreshToken,
        });
        return (await tokens.GetIdAsync(token))!;
    });

    private Task<string> StoreAuthorizationAsync(DateTimeOffset createdAt, string status) => _server.InScopeAsync(async services =>
    {
        var authorizations = services.GetRequiredService<IOpenIddictAuthorizationManager>();
        var authorization = await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            CreationDate = createdAt,
            Status = status,
            Subject = "user-1",
            Type = AuthorizationTypes.Permanent,
        });
        return (await authorizations.GetIdAsync(authorization))!;
    });

    private async Task WaitUntilGoneAsync(string sessionId)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (!await _server.InDatabaseAsync(db => db.Sessions.AnyAsync(s => s.Id == sessionId)))
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"The session {sessionId} past retention was not purged.");
    }
}
