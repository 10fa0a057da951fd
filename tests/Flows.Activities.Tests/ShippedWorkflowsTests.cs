using Flows.Activities.Messaging;
using Flows.Activities.IdentityProviders;
using Flows.Activities.Tests.TestDoubles;
using Flows.Activities.Outbound;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Activities.Tests;

/// <summary>The definitions in <c>workflows/</c>, loaded by the production loader, are complete graphs of this catalog.</summary>
public sealed class ShippedWorkflowsTests
{
    private static readonly ActivityRegistry Registry = new(FlowsActivityCatalog.Types);

    public static TheoryData<string> WorkflowFiles() => new(
        Directory.GetFiles(WorkflowsDirectory(), "*.json").Select(Path.GetFileName).Order().ToArray()!);

    [Fact]
    public void The_default_workflows_are_shipped()
    {
        var ids = FlowDefinitionLoader.LoadDirectory(WorkflowsDirectory()).Select(definition => definition.Id);

        Assert.Equal(["adaptive-mfa", "customer-sign-in", "passkey-passwordless", "password-or-identity-provider", "password-then-otp", "password-then-otp-required", "password-then-passkey", "risk-checked-password", "username-password"], ids.Order());
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void The_production_validator_finds_no_problem(string file)
    {
        var problems = new FlowDefinitionValidator(Registry).Validate(Load(file));

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Every_node_binds_to_an_activity_with_its_required_properties(string file)
    {
        var definition = Load(file);
        var factory = new ActivityFactory(Registry, Services());

        Assert.All(definition.Nodes, node =>
        {
            var (_, descriptor) = factory.Create(node);
            Assert.All(descriptor.Properties.Where(property => property.Required),
                property => Assert.True(node.Properties.ContainsKey(property.Name), $"{node.Id}.{property.Name}"));
        });
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Every_outcome_has_exactly_one_edge_and_every_edge_a_declared_outcome(string file)
    {
        var definition = Load(file);

        foreach (var node in definition.Nodes)
        {
            var descriptor = Registry.Find(node.Type)!;
            var edges = definition.Edges.Where(edge => edge.From == node.Id).ToList();
            Assert.Equal(descriptor.OutcomesOf(node).Order(), edges.Select(edge => edge.Outcome).Order());
            Assert.All(edges, edge => Assert.NotNull(definition.FindNode(edge.To)));
        }

        Assert.All(definition.Edges, edge => Assert.NotNull(definition.FindNode(edge.From)));
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Every_node_is_reachable_from_the_start_and_placed_on_the_canvas(string file)
    {
        var definition = Load(file);
        var reached = new HashSet<string>();
        var pending = new Queue<string>([definition.Start]);
        while (pending.TryDequeue(out var nodeId))
        {
            if (reached.Add(nodeId))
            {
                definition.Edges.Where(edge => edge.From == nodeId).ToList().ForEach(edge => pending.Enqueue(edge.To));
            }
        }

        Assert.Equal(definition.Nodes.Select(node => node.Id).Order(), reached.Order());
        Assert.All(definition.Nodes, node => Assert.NotNull(node.Position));
    }

    [Fact]
    public void Password_then_otp_signs_in_with_acr_mfa_only_after_the_otp_step()
    {
        var definition = Load("password-then-otp.json");

        var afterOtp = definition.FindNode(definition.FindNext("otp", AskForOtp.Success)!)!;

        Assert.Equal(nameof(SignIn), afterOtp.Type);
        Assert.Equal("mfa", afterOtp.Properties["acr"].GetString());
        Assert.Equal(nameof(AskForOtp), definition.FindNode(definition.FindNext("hasMfaDevice", CheckUser.Yes)!)?.Type);
    }

    [Fact]
    public void Password_then_otp_required_reaches_sign_in_only_through_a_second_factor()
    {
        var definition = Load("password-then-otp-required.json");
        var signIn = definition.Nodes.Single(node => node.Type == nameof(SignIn));

        var into = definition.Edges.Where(edge => edge.To == signIn.Id).Select(edge => (definition.FindNode(edge.From)!.Type, edge.Outcome));

        Assert.Equal([(nameof(AskForOtp), AskForOtp.Success), (nameof(EnrollOtp), EnrollOtp.Success)], into.Order());
        Assert.Equal("mfa", signIn.Properties["acr"].GetString());
        Assert.Equal(nameof(EnrollOtp), definition.FindNode(definition.FindNext("hasMfaDevice", CheckUser.No)!)?.Type);
    }

    private static FlowDefinition Load(string file) => FlowDefinitionLoader.LoadFile(Path.Combine(WorkflowsDirectory(), file));

    private static ServiceProvider Services() => new ServiceCollection()
        .AddSingleton<IUserDirectory>(new InMemoryUserDirectory(TimeProvider.System))
        .AddSingleton<IExternalIdentities>(provider => new InMemoryExternalIdentities(provider.GetRequiredService<IUserDirectory>()))
        .AddSingleton<IHttpServiceClient>(new ScriptedServiceClient())
        .AddSingleton<IApplicationRedirects>(new FakeApplicationRedirects())
        .AddSingleton<IPasskeys>(new FakePasskeys())
        .AddSingleton<IRecoveryCodes>(new InMemoryRecoveryCodes())
        .AddSingleton<IAgreements>(new InMemoryAgreements())
        .AddSingleton<IUserProfiles>(new InMemoryUserProfiles(_ => null))
        .AddSingleton<IUserRegistrations>(new InMemoryUserRegistrations(TimeProvider.System))
        .AddSingleton<IMfaDevices>(provider => new InMemoryMfaDevices(provider.GetRequiredService<IUserDirectory>(), new FakePasskeys()))
        .AddSingleton<IRememberedDevices>(new InMemoryRememberedDevices(TimeProvider.System))
        .AddSingleton(new InMemoryMessagedCodes(TimeProvider.System))
        .AddSingleton<IMessagedCodes>(provider => provider.GetRequiredService<InMemoryMessagedCodes>())
        .AddSingleton<IContactDevices>(provider => new InMemoryContactDevices(provider.GetRequiredService<InMemoryMessagedCodes>()))
        .AddSingleton<IPasswordRecovery>(provider => new FakePasswordRecovery(
            (InMemoryUserDirectory)provider.GetRequiredService<IUserDirectory>(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider()))
        .BuildServiceProvider();

    private static string WorkflowsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Flows.sln")))
            {
                return Path.Combine(directory.FullName, "workflows");
            }
        }

        throw new DirectoryNotFoundException("No Flows.sln above the test output directory.");
    }
}
