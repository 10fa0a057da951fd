namespace Flows.Designer.Services;

/// <summary>The environment's agreements, for the designer's read-only list (they are edited through <c>/v1</c>).</summary>
public interface IDesignerAgreements
{
    Task<IReadOnlyList<DesignerAgreement>> ListAsync(string environmentId, CancellationToken cancellationToken = default);
}

/// <summary>An agreement as the designer lists it: its id (what an <c>AskForAgreement</c> step names), current version and languages.</summary>
public sealed record DesignerAgreement(string Id, string Name, string DefaultLanguage, int? CurrentVersion, IReadOnlyList<string> Languages);
