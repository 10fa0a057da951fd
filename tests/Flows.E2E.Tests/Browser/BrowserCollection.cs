using Flows.E2E.Tests.Server;

namespace Flows.E2E.Tests.Browser;

/// <summary>
/// Test classes in this collection share one <see cref="BrowserFixture"/> and one <see cref="AuthServerFixture"/>
/// and run one at a time; each test takes its own browser context, so no test sees another's cookies.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>, ICollectionFixture<AuthServerFixture>
{
    public const string Name = "browser";
}
