using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>
/// The wrong codes a code step's node has counted in its flow, against the attempts the step allows. Kept in a node
/// variable, so re-entering the node in the same flow grants no fresh guesses.
/// </summary>
public static class WrongCodeCount
{
    private const string Variable = "failedAttempts";

    /// <summary>How many more codes may be tried: at least one is allowed in all, however the node is set.</summary>
    public static int Remaining(ActivityContext context, int maxAttempts) =>
        Math.Max(0, Math.Max(1, maxAttempts) - context.GetNodeVariable<int>(Variable));

    public static void Add(ActivityContext context) =>
        context.SetNodeVariable(Variable, context.GetNodeVariable<int>(Variable) + 1);

    /// <summary>Takes back a code counted before it was checked that turned out right.</summary>
    public static void TakeBack(ActivityContext context) =>
        context.SetNodeVariable(Variable, context.GetNodeVariable<int>(Variable) - 1);

    /// <summary>Starts the count afresh, once the step has succeeded.</summary>
    public static void Forget(ActivityContext context) => context.RemoveNodeVariable(Variable);
}
