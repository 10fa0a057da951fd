using Flows.AuthServer.Agreements;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>The environment's agreements for the designer's list, as <see cref="AgreementService"/> lists them.</summary>
public sealed class ServerDesignerAgreements(AgreementService agreements) : IDesignerAgreements
{
    public async Task<IReadOnlyList<DesignerAgreement>> ListAsync(string environmentId, CancellationToken cancellationToken = default) =>
        (await agreements.ListAsync(environmentId, cancellationToken)).Value?
            .Select(agreement => new DesignerAgreement(
                agreement.Id,
                agreement.Name,
                agreement.DefaultLanguage,
                agreement.CurrentVersion,
                agreement.Versions.Count == 0 ? [] : [.. agreement.Versions[^1].Texts.Keys.Order(StringComparer.Ordinal)]))
            .ToList()
        ?? [];
}
