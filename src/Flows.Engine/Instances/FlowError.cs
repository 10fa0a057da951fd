using System.Text.Json.Serialization;

namespace Flows.Engine.Instances;

/// <summary>
/// An error a user may see: a stable code from the activity's catalog, a message for people and, when one field of the
/// answer was wrong, its name (<paramref name="Target"/>), so a client marks that field.
/// </summary>
public sealed record FlowError(string Code, string Message, string? Target = null)
{
    /// <summary>What is wrong with each field of a refused answer, when the step checks several.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FlowErrorDetail>? Details { get; init; }
}

/// <summary>The problem of one field of an answer: the field's name (<c>target</c>), a code and a sentence a form can show.</summary>
public sealed record FlowErrorDetail(string Code, string Target, string Message);
