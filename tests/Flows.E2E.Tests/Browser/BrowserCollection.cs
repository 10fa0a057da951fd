namespace Flows.E2E.Tests.Browser;

/// <summary>Test classes in this collection share one <see cref="BrowserFixture"/> and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
