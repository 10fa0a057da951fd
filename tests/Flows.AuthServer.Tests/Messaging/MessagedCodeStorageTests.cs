using Flows.Activities.Messaging;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Messaging;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Users.ContactDevices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Messaging;

/// <summary>
/// When a sent code is kept: before its message goes out, since a code sent off the request (password recovery) can be
/// read and typed before the send returns; and taken back when the message does not go out.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class MessagedCodeStorageTests(MessagingServerFixture server)
{
    private const string FlowId = "flow-storage";
    private const string NodeId = "code";

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task The_code_is_waiting_for_its_step_when_its_mail_goes_out()
    {
        var environment = await CodeEnvironment.CreateAsync(new ManagementApi(_http), server, "codefirst");
        var sender = new CheckingSender(server, environment.Id, MessageDelivery.Sent);

        var delivery = await SendAsync(environment, sender);

        Assert.Equal(CodeDelivery.Sent, delivery);
        Assert.Equal([true], sender.CodeKeptWhenSent);
        Assert.Equal(1, await environment.StoredCodesAsync(server));
    }

    [Fact]
    public async Task A_code_whose_mail_fails_is_taken_back_and_the_one_it_replaced_put_back()
    {
        var environment = await CodeEnvironment.CreateAsync(new ManagementApi(_http), server, "codeback");
        Assert.Equal(CodeDelivery.Sent, await SendAsync(environment, new CheckingSender(server, environment.Id, MessageDelivery.Sent)));
        var before = await StoredHashAsync(environment.Id);

        var failed = await SendAsync(environment, new CheckingSender(server, environment.Id, MessageDelivery.Failed));

        Assert.Equal(CodeDelivery.Failed, failed);
        Assert.Equal(before, await StoredHashAsync(environment.Id));
    }

    [Fact]
    public async Task A_first_code_whose_mail_fails_leaves_no_code()
    {
        var environment = await CodeEnvironment.CreateAsync(new ManagementApi(_http), server, "codenone");

        var failed = await SendAsync(environment, new CheckingSender(server, environment.Id, MessageDelivery.Failed));

        Assert.Equal(CodeDelivery.Failed, failed);
        Assert.Equal(0, await environment.StoredCodesAsync(server));
    }

    private async Task<CodeDelivery> SendAsync(CodeEnvironment environment, IEmailSender sender)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var codes = new MessagedCodes(services.GetRequiredService<ServerDbContext>(), services.GetRequiredService<SentCodeStore>(),
            services.GetRequiredService<EnvironmentCatalog>(), sender, services.GetRequiredService<ISmsSender>(), TimeProvider.System);
        var userId = environment.Environment.UserId;
        var device = await codes.FindDeviceAsync(environment.Id, userId, ContactChannel.Email, CancellationToken.None);
        Assert.NotNull(device);
        return await codes.SendAsync(new CodeRequest(environment.Id, userId, FlowId, NodeId, device, 6, TimeSpan.FromMinutes(5)), CancellationToken.None);
    }

    private async Task<string?> StoredHashAsync(string environmentId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().SentCodes
            .Where(c => c.EnvironmentId == environmentId).Select(c => c.CodeHash).SingleOrDefaultAsync();
    }

    /// <summary>Answers <paramref name="delivery"/>, having looked, in a scope of its own, whether the step's code is kept.</summary>
    private sealed class CheckingSender(MessagingServerFixture server, string environmentId, MessageDelivery delivery) : IEmailSender
    {
        public List<bool> CodeKeptWhenSent { get; } = [];

        public async Task<MessageDelivery> SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            await using var scope = server.Services.CreateAsyncScope();
            CodeKeptWhenSent.Add(await scope.ServiceProvider.GetRequiredService<ServerDbContext>().SentCodes
                .AnyAsync(c => c.EnvironmentId == environmentId && c.FlowInstanceId == FlowId && c.NodeId == NodeId, cancellationToken));
            return delivery;
        }
    }
}
