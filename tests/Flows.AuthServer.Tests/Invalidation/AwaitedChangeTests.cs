using Flows.AuthServer.Invalidation;

namespace Flows.AuthServer.Tests.Invalidation;

public sealed class AwaitedChangeTests
{
    [Fact]
    public void Is_known_everywhere_once_echoed_and_acknowledged_by_every_other_node()
    {
        var change = new AwaitedChange();
        change.Expect(2);
        change.Echoed();
        change.AcknowledgedBy("node-a");

        Assert.False(change.Everywhere.IsCompleted);
        Assert.Equal(1, change.Missing);

        change.AcknowledgedBy("node-b");
        Assert.True(change.Everywhere.IsCompletedSuccessfully);
        Assert.Equal(0, change.Missing);
    }

    [Fact]
    public void Answers_that_arrive_before_the_number_of_nodes_is_known_count()
    {
        var change = new AwaitedChange();
        change.AcknowledgedBy("node-a");
        change.Echoed();

        Assert.False(change.Everywhere.IsCompleted);
        change.Expect(1);
        Assert.True(change.Everywhere.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_node_that_answers_twice_counts_once()
    {
        var change = new AwaitedChange();
        change.Expect(2);
        change.Echoed();
        change.AcknowledgedBy("node-a");
        change.AcknowledgedBy("node-a");

        Assert.False(change.Everywhere.IsCompleted);
    }

    [Fact]
    public void Is_not_known_everywhere_before_its_own_notification_came_back()
    {
        var change = new AwaitedChange();
        change.Expect(0);

        Assert.False(change.Everywhere.IsCompleted);
        change.Echoed();
        Assert.True(change.Everywhere.IsCompletedSuccessfully);
    }

    [Fact]
    public void An_acknowledgement_reads_back_from_its_payload_and_a_change_message_is_none()
    {
        var acknowledgement = new ChangeAcknowledgement("c1", "n1");
        var message = ChangeMessage.Of(new CacheChange(CacheAreas.Environment, "env", null));

        Assert.Equal(acknowledgement, ChangeAcknowledgement.FromPayload(acknowledgement.ToPayload()));
        Assert.Null(ChangeAcknowledgement.FromPayload(message.ToPayload()));
        Assert.Null(ChangeMessage.FromPayload(acknowledgement.ToPayload()));
        Assert.Null(ChangeAcknowledgement.FromPayload("not json"));
    }
}
