namespace Flows.Engine.Tests.TestActivities;

/// <summary>The activity types the engine's own tests run.</summary>
public static class TestCatalog
{
    public static readonly Type[] Types =
        [typeof(AskForColor), typeof(Branch), typeof(Finish), typeof(Reject), typeof(Explode), typeof(Jump), typeof(Configurable), typeof(HandOver)];
}
