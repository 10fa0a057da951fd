using Flows.AuthServer.Data;
using Flows.AuthServer.Logout;
using Flows.AuthServer.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Logout;

/// <summary>What a session records of the applications it answered, written as one upsert per answer.</summary>
[Collection(LogoutCollection.Name)]
public sealed class SessionParticipantsTests(LogoutServerFixture server)
{
    [Fact]
    public async Task An_application_answered_twice_takes_part_once_with_the_latest_subject()
    {
        var session = await StoreSessionAsync();

        await RecordAsync(session, "client-a", "subject-1");
        await RecordAsync(session, "client-a", "subject-2");
        await RecordAsync(session, "client-b", "subject-2");

        var participants = await ParticipantsAsync(session.Id);
        Assert.Equal(["client-a:subject-2", "client-b:subject-2"], participants);
    }

    [Fact]
    public async Task An_answer_for_a_session_removed_meanwhile_records_nothing_and_fails_nothing()
    {
        var removed = new SessionRecord
        {
            Id = Guid.NewGuid().ToString("N"), EnvironmentId = Id, TokenHash = Guid.NewGuid().ToString("N"),
            CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
        };

        await RecordAsync(removed, "client-a", "subject-1");

        Assert.Empty(await ParticipantsAsync(removed.Id));
    }

    private async Task<SessionRecord> StoreSessionAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var (session, _) = await scope.ServiceProvider.GetRequiredService<SessionService>().StartAsync(Id, default);
        return session;
    }

    private async Task RecordAsync(SessionRecord session, string clientId, string subject)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SessionParticipants>().RecordAsync(session, clientId, subject, default);
    }

    private async Task<List<string>> ParticipantsAsync(string sessionId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().SessionParticipants.AsNoTracking()
            .Where(p => p.SessionId == sessionId)
            .OrderBy(p => p.ClientId)
            .Select(p => p.ClientId + ":" + p.Subject)
            .ToListAsync();
    }
}
