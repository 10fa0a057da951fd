using System.Text.Json;
using Flows.Activities.IdentityProviders;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>Home-realm discovery: the login hint's e-mail domain against the provider's domains.</summary>
public sealed class UserDomainMatchesProviderTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryExternalIdentities _identities;

    public UserDomainMatchesProviderTests()
    {
        _identities = new InMemoryExternalIdentities(_harness.Users);
        _identities.Add(new ExternalProvider("corporate", "Corporate", ["corp.example"]));
    }

    [Theory]
    [InlineData("erin@corp.example", "corporate", UserDomainMatchesProvider.Yes)]
    [InlineData("erin@CORP.example", "corporate", UserDomainMatchesProvider.Yes)]
    [InlineData("erin@other.example", "corporate", UserDomainMatchesProvider.No)]
    [InlineData("erin", "corporate", UserDomainMatchesProvider.No)]
    [InlineData("erin@", "corporate", UserDomainMatchesProvider.No)]
    [InlineData("erin@corp.example", "missing", UserDomainMatchesProvider.No)]
    public async Task Execute_follows_yes_only_for_a_domain_of_the_provider(string loginHint, string provider, string expected)
    {
        _harness.State.Variables[FlowVariables.LoginHint] = JsonSerializer.SerializeToElement(loginHint);
        var activity = new UserDomainMatchesProvider(_identities) { Provider = provider };

        var result = await activity.ExecuteAsync(_harness.ContextFor<UserDomainMatchesProvider>());

        Assert.Equal(ActivityResult.Outcome(expected), result);
    }
}
