namespace Flows.AuthServer.Tests.Hosting;

/// <summary>The protocol tests share one server: each test uses its own browser, so they cannot see each other.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
