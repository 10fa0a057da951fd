namespace Flows.Engine.Validation;

/// <summary>A definition that may not be published; the problems say why.</summary>
public sealed class FlowValidationException(IReadOnlyList<FlowValidationProblem> problems)
    : Exception($"The flow definition has {problems.Count} problem(s): {string.Join(" ", problems.Select(p => p.Message))}")
{
    public IReadOnlyList<FlowValidationProblem> Problems { get; } = problems;
}
