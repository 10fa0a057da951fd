using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Agreements;

/// <summary>The agreements the flows' activities see: the current version in the user's language, and who accepted which version.</summary>
public sealed class AgreementDirectory(ServerDbContext db, TimeProvider clock) : IAgreements
{
    private const char SubtagSeparator = '-';

    public async Task<AgreementText?> FindCurrentAsync(
        string environmentId, string agreementId, IReadOnlyList<string> languages, CancellationToken cancellationToken)
    {
        var agreement = await db.Agreements.AsNoTracking()
            .FirstOrDefaultAsync(a => a.EnvironmentId == environmentId && a.Id == agreementId, cancellationToken);
        if (agreement is not { Versions: [.., var current] })
        {
            return null;
        }

        var texts = new Dictionary<string, string>(current.Texts, StringComparer.OrdinalIgnoreCase);
        var language = Choose(languages, texts.Keys) ?? agreement.DefaultLanguage;
        return texts.TryGetValue(language, out var text)
            ? new AgreementText(agreement.Id, agreement.Name, current.Version, texts.Keys.First(key => string.Equals(key, language, StringComparison.OrdinalIgnoreCase)), text)
            : null;
    }

    public Task<bool> HasAcceptedAsync(string environmentId, string userId, string agreementId, int version, CancellationToken cancellationToken) =>
        db.AgreementAcceptances.AsNoTracking().AnyAsync(
            a => a.EnvironmentId == environmentId && a.UserId == userId && a.AgreementId == agreementId && a.Version == version, cancellationToken);

    public async Task RecordAcceptanceAsync(string environmentId, string userId, string agreementId, int version, CancellationToken cancellationToken)
    {
        if (await HasAcceptedAsync(environmentId, userId, agreementId, version, cancellationToken))
        {
            return;
        }

        db.AgreementAcceptances.Add(new AgreementAcceptanceRecord
        {
            EnvironmentId = environmentId,
            UserId = userId,
            AgreementId = agreementId,
            Version = version,
            AcceptedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Accepted at the same moment in another flow: once is what counts.
            if (!await HasAcceptedAsync(environmentId, userId, agreementId, version, CancellationToken.None))
            {
                throw;
            }
        }
    }

    /// <summary>
    /// The first preferred language with a text: the exact tag, else its primary language (de-CH finds de), as the
    /// lookup of RFC 4647 §3.4 falls back.
    /// </summary>
    private static string? Choose(IReadOnlyList<string> preferred, IEnumerable<string> available)
    {
        var languages = available.ToList();
        foreach (var tag in preferred)
        {
            for (var candidate = tag; candidate.Length > 0; candidate = candidate.Contains(SubtagSeparator) ? candidate[..candidate.LastIndexOf(SubtagSeparator)] : "")
            {
                if (languages.FirstOrDefault(language => string.Equals(language, candidate, StringComparison.OrdinalIgnoreCase)) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
