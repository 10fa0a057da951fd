using System.Security.Cryptography;
using System.Text;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Accepts a client assertion (private_key_jwt) once only: its jti is required (OIDC Core §9) and recorded until the
/// assertion expires, and a second use is <c>invalid_client</c> (RFC 7523 §3 item 7). An assertion valid for longer
/// than <see cref="MaxLifetime"/> is refused, so what is recorded stays small. OpenIddict has checked its signature
/// against the client's keys, its issuer, subject and audience before.
/// </summary>
public sealed class RejectReplayedClientAssertions(ServerDbContext db, EnvironmentContext environments, TimeProvider clock)
    : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    /// <summary>How far ahead an assertion may expire: a client makes a fresh one for each request.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireClientAssertionPrincipal>()
            .UseScopedHandler<RejectReplayedClientAssertions>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientId.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        var principal = context.ClientAssertionPrincipal!;
        var now = clock.GetUtcNow();
        if (principal.GetClaim(Claims.JwtId) is not { Length: > 0 } tokenId)
        {
            context.Reject(Errors.InvalidClient, "The client assertion has no jti: it must be a one-time value (OpenID Connect Core, section 9).");
            return;
        }

        if (principal.GetExpirationDate() is not { } expiresAt || expiresAt > now + MaxLifetime)
        {
            context.Reject(Errors.InvalidClient, $"The client assertion must expire within {MaxLifetime.TotalMinutes} minutes.");
            return;
        }

        var environmentId = environments.Required.Id;
        var clientId = context.ClientId ?? principal.GetClaim(Claims.Issuer)!;
        var record = new ClientAssertionRecord
        {
            EnvironmentId = environmentId,
            ClientId = clientId,
            TokenIdHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(tokenId))),
            ExpiresAt = expiresAt,
        };

        // The client's expired records can no longer be replayed: each new one clears them away.
        await db.ClientAssertions
            .Where(a => a.EnvironmentId == environmentId && a.ClientId == clientId && a.ExpiresAt < now)
            .ExecuteDeleteAsync(context.CancellationToken);
        // Looked up first, so a replay costs no failed insert; the key still decides between two nodes at once.
        if (await ExistsAsync(record, context.CancellationToken) || !await TryRecordAsync(record, context.CancellationToken))
        {
            context.Reject(Errors.InvalidClient, "The client assertion was used before.");
        }
    }

    /// <summary>Adds the record; false when it exists already (two nodes at once: the key decides, one insert wins).</summary>
    private async Task<bool> TryRecordAsync(ClientAssertionRecord record, CancellationToken cancellationToken)
    {
        db.ClientAssertions.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(record).State = EntityState.Detached;
            if (await ExistsAsync(record, cancellationToken))
            {
                return false;
            }

            throw;
        }
        finally
        {
            db.Entry(record).State = EntityState.Detached;
        }
    }

    private Task<bool> ExistsAsync(ClientAssertionRecord record, CancellationToken cancellationToken) =>
        db.ClientAssertions.AsNoTracking().AnyAsync(a => a.EnvironmentId == record.EnvironmentId && a.ClientId == record.ClientId
            && a.TokenIdHash == record.TokenIdHash, cancellationToken);
}
