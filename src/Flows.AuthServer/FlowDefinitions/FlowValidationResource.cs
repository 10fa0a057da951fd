using Flows.Engine.Validation;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// What the validator says of a definition: <see cref="Errors"/> groups messages by where they are
/// (<c>nodes.{id}</c>, <c>start</c>, <c>edges</c> or <c>definition</c>); <see cref="Problems"/> keeps each
/// problem's stable code, node and property for the designer to highlight.
/// </summary>
public sealed record FlowValidationResource(
    bool Valid,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyList<FlowValidationProblem> Problems)
{
    public static FlowValidationResource Of(IReadOnlyList<FlowValidationProblem> problems) =>
        new(problems.Count == 0, ErrorsOf(problems), problems);

    /// <summary>The messages per location, as the <c>errors</c> of a problem response.</summary>
    public static Dictionary<string, string[]> ErrorsOf(IEnumerable<FlowValidationProblem> problems) =>
        problems.GroupBy(FieldOf, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(problem => problem.Message).ToArray(), StringComparer.Ordinal);

    /// <summary>Where a problem is: its node, else the part of the definition its code concerns.</summary>
    public static string FieldOf(FlowValidationProblem problem) => problem switch
    {
        { NodeId: { } node } => $"nodes.{node}",
        { Code: FlowValidationCodes.StartNotFound } => "start",
        { Code: FlowValidationCodes.DanglingEdge } => "edges",
        _ => "definition",
    };
}
