using System.Threading.Channels;
using Flows.Activities.Users;

namespace Flows.AuthServer.Users.Recovery;

/// <summary>
/// The recovery codes asked for and not sent yet. The request only adds to it, the same for any username, so that neither
/// the answer nor its time tells whether a mail goes out (OWASP Forgot Password Cheat Sheet, "consistent response
/// times"); <see cref="RecoveryCodeSender"/> looks the user up and mails the code after. Per node and in memory: a code
/// lost with a node is asked for again with a resend.
/// </summary>
public sealed class RecoveryCodeOutbox
{
    // Far more than a node sends at once; beyond it a request is dropped as a mail that did not arrive is.
    private const int Capacity = 1024;

    private readonly Channel<RecoveryCodeRequest> _requests = Channel.CreateBounded<RecoveryCodeRequest>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Add(RecoveryCodeRequest request) => _requests.Writer.TryWrite(request);

    public IAsyncEnumerable<RecoveryCodeRequest> ReadAllAsync(CancellationToken cancellationToken) =>
        _requests.Reader.ReadAllAsync(cancellationToken);
}
