using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>An <see cref="IAgreements"/> over a list: the last version is current, its language chosen as the server chooses (exact tag, then primary language, then default).</summary>
public sealed class InMemoryAgreements : IAgreements
{
    private readonly Dictionary<string, (string Name, string DefaultLanguage, List<Dictionary<string, string>> Versions)> _agreements = [];

    public List<(string UserId, string AgreementId, int Version)> Accepted { get; } = [];

    public void Add(string id, string name, string defaultLanguage, params Dictionary<string, string>[] versions) =>
        _agreements[id] = (name, defaultLanguage, [.. versions]);

    public Task<AgreementText?> FindCurrentAsync(string environmentId, string agreementId, IReadOnlyList<string> languages, CancellationToken cancellationToken)
    {
        if (!_agreements.TryGetValue(agreementId, out var agreement) || agreement.Versions.Count == 0)
        {
            return Task.FromResult<AgreementText?>(null);
        }

        var texts = agreement.Versions[^1];
        var language = languages.SelectMany(tag => new[] { tag, tag.Split('-')[0] }).FirstOrDefault(texts.ContainsKey) ?? agreement.DefaultLanguage;
        return Task.FromResult<AgreementText?>(new AgreementText(agreementId, agreement.Name, agreement.Versions.Count, language, texts[language]));
    }

    public Task<bool> HasAcceptedAsync(string environmentId, string userId, string agreementId, int version, CancellationToken cancellationToken) =>
        Task.FromResult(Accepted.Contains((userId, agreementId, version)));

    public Task RecordAcceptanceAsync(string environmentId, string userId, string agreementId, int version, CancellationToken cancellationToken)
    {
        if (!Accepted.Contains((userId, agreementId, version)))
        {
            Accepted.Add((userId, agreementId, version));
        }

        return Task.CompletedTask;
    }
}
